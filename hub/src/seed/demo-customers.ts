import type { CustomerClass, ShippingState, TicketKind } from '../../../shared/api/customers';
import {
  addYears,
  address,
  CATALOG,
  catalogItem,
  chinaDate,
  compactDate,
  COURIERS,
  orderAmount,
  orderLine,
  shippingStateFor,
  TICKET_PREFIX,
  TICKET_TITLES,
  waybill,
  type OrderLine,
} from './demo-shop';
import { SHOWCASE_NUMBERS } from './demo-showcase';
import { digits, intBetween, pick, randomFor, stableUuid, type Random } from './prng';

export type { CustomerClass };

export interface DemoOrder {
  id: string;
  orderNo: string;
  placedAt: Date;
  items: OrderLine[];
  amountFen: number;
  shippingState: ShippingState;
  courier: string | null;
  waybillNo: string | null;
}

export interface DemoProductUnit {
  serialNo: string;
  model: string;
  /** YYYY-MM-DD, the date on the receipt. */
  purchaseDate: string;
  warrantyUntil: string | null;
  orderNo: string | null;
}

export interface DemoTicket {
  id: string;
  ticketNo: string;
  kind: TicketKind;
  title: string;
  status: string;
  openedAt: Date;
  closedAt: Date | null;
}

export interface DemoCustomer {
  id: string;
  name: string;
  vipLevel: number;
  keyAccount: boolean;
  customerClass: CustomerClass;
  tags: string[];
  createdAt: Date;
  /** As a CRM import has them: mixed formats, now and then something that is no number at all. */
  phones: string[];
  email: string | null;
  address: string | null;
  notes: string | null;
  orders: DemoOrder[];
  products: DemoProductUnit[];
  tickets: DemoTicket[];
}

// The most common surnames, most frequent first and listed more than once, so that 王 and 李 are
// as common as they are in a real customer list.
const SURNAMES = [
  ...'王李张刘陈王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤',
];
const GIVEN = [...'伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建文辉鹏力宇浩然欣怡子涵梓轩雨婷思远佳琪俊凯晨阳海燕志峰晓东雪梅国庆春梅丹波'];
const CITIES = ['北京', '上海', '广州', '深圳', '成都', '杭州', '南京', '武汉', '天津', '重庆', '苏州', '西安'];
const BRANDS = ['华信', '恒达', '鑫源', '金泰', '永兴', '天诚', '宏远', '瑞丰', '博雅', '中联', '新锐', '德邦'];
const TRADES = ['电子', '科技', '贸易', '农牧', '机械', '食品', '物业管理', '汽车销售', '建材', '医药'];
const TAGS = ['老客户', '复购', '价格敏感', '投诉过', '电话偏好', '微信联系', '批量采购', '售后关注', '夜间勿扰'];
const NOTES = ['只接受工作日送货', '收货前请先电话联系', '老人独居，说话请放慢', '发票抬头见订单备注', '偏好微信沟通'];

const MOBILE_PREFIXES = ['130', '131', '132', '133', '135', '136', '137', '138', '139', '150', '151', '152', '153', '155', '156', '157', '158', '159', '166', '176', '177', '178', '180', '181', '182', '183', '185', '186', '187', '188', '189', '198', '199'];
// Area code without the trunk 0, and cities whose local numbers all have eight digits.
const AREA_CODES = ['10', '21', '20', '755', '28', '571', '25', '27', '22', '23', '512', '29'];
const JUNK = ['暂无', '138001380', '1234567', '000-0000', '同上'];

// The showcase's numbers belong to the showcase alone (demo-showcase.ts): a random customer drawing
// one draws again, so a test calling from it pops exactly the customers it expects.
function mobile(random: Random): string {
  let n: string;
  do n = pick(random, MOBILE_PREFIXES) + digits(random, 8);
  while (SHOWCASE_NUMBERS.has(`+86${n}`));
  const [a, b, c] = [n.slice(0, 3), n.slice(3, 7), n.slice(7)];
  return pick(random, [n, `+86 ${a} ${b} ${c}`, `0086-${n}`, `${a}-${b}-${c}`, `+86${n}`, `86 ${n}`, `${a} ${b} ${c}`]);
}

function landline(random: Random): string {
  let area: string;
  let local: string;
  do {
    area = pick(random, AREA_CODES);
    local = String(intBetween(random, 5, 8)) + digits(random, 7);
  } while (SHOWCASE_NUMBERS.has(`+86${area}${local}`));
  const [a, b] = [local.slice(0, 4), local.slice(4)];
  return pick(random, [`0${area}-${a} ${b}`, `0${area} ${a} ${b}`, `(0${area}) ${a} ${b}`, `0${area}-${local}`, `+86 ${area} ${a} ${b}`]);
}

function personName(random: Random): string {
  const given = random() < 0.7 ? pick(random, GIVEN) + pick(random, GIVEN) : pick(random, GIVEN);
  return pick(random, SURNAMES) + given;
}

function companyName(random: Random, customerClass: CustomerClass): string {
  const city = pick(random, CITIES);
  const suffix = customerClass === 'dealer' ? '商贸有限公司' : '有限公司';
  return `${city}${pick(random, ['', '市'])}${pick(random, BRANDS)}${pick(random, TRADES)}${suffix}`;
}

function vipLevel(random: Random): number {
  const roll = random();
  if (roll < 0.005) return 3;
  if (roll < 0.02) return 2;
  return roll < 0.05 ? 1 : 0;
}

function tags(random: Random): string[] {
  const count = pick(random, [0, 0, 1, 1, 2, 3]);
  return [...new Set(Array.from({ length: count }, () => pick(random, TAGS)))];
}

function email(random: Random, company: boolean): string | null {
  if (random() >= (company ? 0.6 : 0.25)) return null;
  if (company) return `service${intBetween(random, 1, 99)}@example.com`;
  return random() < 0.6 ? `${intBetween(random, 10_000_000, 2_999_999_999)}@qq.com` : `user${digits(random, 6)}@163.com`;
}

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

// Generated numbers stay clear of the showcase's (demo-showcase.ts), which are all below these.
const ORDER_SEQ_BASE = 1_000_000;
const SERIAL_SEQ_BASE = 200_000;
const TICKET_SEQ_BASE = 100_000;
const MAX_UNITS = 8;

function orderLines(random: Random, customerClass: CustomerClass): OrderLine[] {
  const count = pick(random, [1, 1, 1, 2, 2, 3]);
  const skus = [...new Set(Array.from({ length: count }, () => pick(random, CATALOG).sku))];
  return skus.map((sku) => orderLine(sku, customerClass === 'dealer' ? intBetween(random, 5, 40) : random() < 0.85 ? 1 : 2));
}

function orders(random: Random, index: number, customerClass: CustomerClass, createdAt: Date, now: Date): DemoOrder[] {
  const count = customerClass === 'dealer' ? intBetween(random, 1, 4) : pick(random, [0, 0, 1, 1, 1, 2, 2, 3, 4]);
  const ageMs = now.getTime() - createdAt.getTime();
  const list = Array.from({ length: count }, (_, k): DemoOrder => {
    // A fifth of orders are from the last week, so that parcels on their way are common enough to call about.
    const agoMs = random() < 0.2 ? random() * Math.min(ageMs, 6 * DAY_MS) : random() * Math.min(ageMs, 720 * DAY_MS);
    const placedAt = new Date(now.getTime() - Math.floor(agoMs));
    const items = orderLines(random, customerClass);
    const shippingState = shippingStateFor(random, agoMs);
    const courier = shippingState === 'collected' || shippingState === 'delivered' ? pick(random, COURIERS) : null;
    return {
      id: stableUuid(`demo-order:${index}:${k}`),
      orderNo: `SO${compactDate(placedAt)}${ORDER_SEQ_BASE + index * 5 + k}`,
      placedAt,
      items,
      amountFen: orderAmount(items),
      shippingState,
      courier,
      waybillNo: courier === null ? null : waybill(random, courier),
    };
  });
  return list.sort((a, b) => a.placedAt.getTime() - b.placedAt.getTime());
}

/**
 * 逐号建档: every large appliance (two years of warranty or more) a customer received has its own
 * file; small ones are handled by order. Dealers resell theirs, so they have none.
 */
function productUnits(random: Random, index: number, customerClass: CustomerClass, list: readonly DemoOrder[], now: Date): DemoProductUnit[] {
  if (customerClass === 'dealer') return [];
  const units: DemoProductUnit[] = [];
  const add = (model: string, purchaseDate: string, warrantyYears: number | null, orderNo: string | null) => {
    if (units.length >= MAX_UNITS) return;
    const serial = `HX-${purchaseDate.slice(0, 4)}-${SERIAL_SEQ_BASE + index * MAX_UNITS + units.length}`;
    units.push({ serialNo: serial, model, purchaseDate, warrantyUntil: warrantyYears === null ? null : addYears(purchaseDate, warrantyYears), orderNo });
  };
  for (const order of list) {
    if (order.shippingState !== 'delivered') continue;
    for (const line of order.items) {
      const item = catalogItem(line.sku);
      if (item.warrantyYears === null || item.warrantyYears < 2) continue;
      for (let n = 0; n < Math.min(line.quantity, 2); n += 1) add(item.name, chinaDate(order.placedAt), item.warrantyYears, order.orderNo);
    }
  }
  // Bought in a store or before the web shop: registered by phone, with or without a warranty card.
  if (random() < 0.05) {
    const item = pick(random, CATALOG.filter((c) => c.warrantyYears !== null));
    const purchased = chinaDate(new Date(now.getTime() - intBetween(random, 30, 4 * 365) * DAY_MS));
    add(item.name, purchased, random() < 0.8 ? item.warrantyYears : null, null);
  }
  return units;
}

function tickets(random: Random, index: number, createdAt: Date, now: Date): DemoTicket[] {
  const list: DemoTicket[] = [];
  const ageMs = now.getTime() - createdAt.getTime();
  const add = (kind: TicketKind, open: boolean) => {
    const openedAt = new Date(now.getTime() - Math.floor(random() * Math.min(ageMs, (open ? 10 : 400) * DAY_MS)));
    const closedAt = open ? null : new Date(Math.min(now.getTime(), openedAt.getTime() + intBetween(random, 1, 240) * HOUR_MS));
    const k = list.length;
    // Drawn in this order, the demo's tickets stay what they were.
    const title = pick(random, TICKET_TITLES[kind]);
    const status = open ? pick(random, ['open', 'in_progress']) : 'closed';
    list.push({
      id: stableUuid(`demo-ticket:${index}:${k}`),
      ticketNo: `${TICKET_PREFIX[kind]}-${chinaDate(openedAt).slice(0, 4)}-${TICKET_SEQ_BASE + index * 4 + k}`,
      kind,
      title,
      // A complaint follows the procedure (shared/complaints): an open one waits to be triaged.
      status: kind === 'complaint' && open ? 'registered' : status,
      openedAt,
      closedAt,
    });
  };
  if (random() < 0.03) add('complaint', true);
  if (random() < 0.1) add('complaint', false);
  if (random() < 0.05) add('after_sales', random() < 0.3);
  if (random() < 0.02) add('consult', false);
  return list.sort((a, b) => a.openedAt.getTime() - b.openedAt.getTime());
}

/** Customer `index` of the demo center; the same index always gives the same customer. */
export function demoCustomer(index: number, now: Date): DemoCustomer {
  const random = randomFor(`demo-customer:${index}`);
  const classRoll = random();
  const customerClass: CustomerClass = classRoll < 0.06 ? 'enterprise' : classRoll < 0.1 ? 'dealer' : 'individual';
  const isCompany = customerClass !== 'individual';
  const phoneCount = pick(random, [1, 1, 1, 1, 1, 1, 2, 2, 2, 3]);
  const phones = Array.from({ length: phoneCount }, () => (random() < (isCompany ? 0.5 : 0.85) ? mobile(random) : landline(random)));
  // Only ever an extra entry, so every customer keeps at least one callable number.
  if (random() < 0.01) phones.push(pick(random, JUNK));
  // Drawn in this order, the fields of earlier versions of the demo stay what they were.
  const name = isCompany ? companyName(random, customerClass) : personName(random);
  const vip = vipLevel(random);
  const keyAccount = isCompany && random() < 0.4;
  const customerTags = tags(random);
  const createdAt = new Date(now.getTime() - intBetween(random, 1, 3 * 365) * DAY_MS);
  const customerOrders = orders(random, index, customerClass, createdAt, now);
  return {
    id: stableUuid(`demo-customer:${index}`),
    name,
    vipLevel: vip,
    keyAccount,
    customerClass,
    tags: customerTags,
    createdAt,
    phones,
    email: email(random, isCompany),
    address: random() < 0.8 ? address(random, pick(random, CITIES), isCompany) : null,
    notes: random() < 0.03 ? pick(random, NOTES) : null,
    orders: customerOrders,
    products: productUnits(random, index, customerClass, customerOrders, now),
    tickets: tickets(random, index, createdAt, now),
  };
}
