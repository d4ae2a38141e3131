import type { ShippingState, TicketKind } from '../../../shared/api/customers';
import { digits, intBetween, pick, type Random } from './prng';

/*
 * The demo center's business: the online shop of a small-appliance maker (brand HX), so that one
 * book holds both of DOMAIN.md §5's worlds: orders and parcels (pre- and after-sales of a shop) and
 * units with serial numbers and warranties (after-sales service of a manufacturer).
 */

export interface CatalogItem {
  sku: string;
  name: string;
  priceFen: number;
  /** Years of warranty (三包) for a unit with its own serial number; null for consumables and accessories. */
  warrantyYears: number | null;
}

export const CATALOG: readonly CatalogItem[] = [
  { sku: 'HX-AP300', name: 'HX AP300 空气净化器', priceFen: 129_900, warrantyYears: 2 },
  { sku: 'HX-AP300-F', name: 'AP300 复合滤网', priceFen: 19_900, warrantyYears: null },
  { sku: 'HX-R5', name: 'HX R5 扫地机器人', priceFen: 219_900, warrantyYears: 2 },
  { sku: 'HX-R5-KIT', name: 'R5 边刷滤网配件包', priceFen: 8_900, warrantyYears: null },
  { sku: 'HX-K12', name: 'HX K12 电热水壶 1.7L', priceFen: 15_900, warrantyYears: 1 },
  { sku: 'HX-B8', name: 'HX B8 破壁料理机', priceFen: 59_900, warrantyYears: 1 },
  { sku: 'HX-H2', name: 'HX H2 负离子吹风机', priceFen: 29_900, warrantyYears: 1 },
  { sku: 'HX-T3', name: 'HX T3 声波电动牙刷', priceFen: 19_900, warrantyYears: 1 },
  { sku: 'HX-T3-BR', name: 'T3 替换刷头（4 支装）', priceFen: 6_900, warrantyYears: null },
  { sku: 'HX-M1', name: 'HX M1 超声波加湿器', priceFen: 24_900, warrantyYears: 1 },
  { sku: 'HX-D9', name: 'HX D9 除湿机', priceFen: 149_900, warrantyYears: 3 },
  { sku: 'HX-W6', name: 'HX W6 厨下净水器', priceFen: 249_900, warrantyYears: 3 },
  { sku: 'HX-C1', name: 'Type-C 充电线 1.5 米', priceFen: 2_900, warrantyYears: null },
];

const BY_SKU = new Map(CATALOG.map((item) => [item.sku, item]));

export function catalogItem(sku: string): CatalogItem {
  const item = BY_SKU.get(sku);
  if (item === undefined) throw new Error(`no catalog item ${sku}`);
  return item;
}

export interface OrderLine {
  sku: string;
  name: string;
  quantity: number;
  unitPriceFen: number;
}

export const orderLine = (sku: string, quantity: number): OrderLine => {
  const item = catalogItem(sku);
  return { sku, name: item.name, quantity, unitPriceFen: item.priceFen };
};

export const orderAmount = (lines: readonly OrderLine[]): number => lines.reduce((sum, line) => sum + line.quantity * line.unitPriceFen, 0);

export const COURIERS = ['顺丰', '圆通', '中通', '京东'] as const;
export type Courier = (typeof COURIERS)[number];

/** Waybill numbers as each courier prints them. */
export function waybill(random: Random, courier: Courier): string {
  switch (courier) {
    case '顺丰':
      return `SF${digits(random, 12)}`;
    case '圆通':
      return `YT${digits(random, 13)}`;
    case '中通':
      return `7${pick(random, ['3', '5', '8'])}${digits(random, 12)}`;
    case '京东':
      return `JDX${digits(random, 12)}`;
  }
}

const HOUR_MS = 60 * 60 * 1000;

/**
 * Where a parcel is, from how long ago it was ordered: today's orders wait for their dispatch note,
 * yesterday's are mostly with the courier, a week's are delivered.
 */
export function shippingStateFor(random: Random, ageMs: number): ShippingState {
  const roll = random();
  if (ageMs < 24 * HOUR_MS) return roll < 0.65 ? 'not_printed' : 'printed';
  if (ageMs < 48 * HOUR_MS) return roll < 0.3 ? 'printed' : 'collected';
  if (ageMs < 5 * 24 * HOUR_MS) return roll < 0.6 ? 'collected' : 'delivered';
  return 'delivered';
}

export const TICKET_TITLES: Readonly<Record<TicketKind, readonly string[]>> = {
  complaint: ['快递破损未处理', '配送员态度差', '退款迟迟未到账', '少发配件', '发错型号', '承诺回电未回电', '商品与描述不符', '维修超期未修好'],
  after_sales: ['空气净化器异响', '扫地机器人无法回充', '电水壶底座漏水', '破壁机不启动', '申请换货', '预约上门安装', '吹风机过热断电', '除湿机不出水'],
  consult: ['发票开具', '会员积分咨询', '以旧换新活动咨询'],
};

// The ticket number's prefix (投诉, 售后, 咨询) is the hub's, which numbers the tickets opened from calls alike.
export { TICKET_PREFIX } from '../tickets/ticket-no';

/** A date in China (UTC+8) as YYYY-MM-DD: what a receipt or a warranty card says. */
export const chinaDate = (at: Date): string => new Date(at.getTime() + 8 * HOUR_MS).toISOString().slice(0, 10);

export const addYears = (date: string, years: number): string => `${Number(date.slice(0, 4)) + years}${date.slice(4)}`.replace(/-02-29$/, '-02-28');

export const compactDate = (at: Date): string => chinaDate(at).replaceAll('-', '');

const STREETS = ['人民路', '解放路', '中山路', '建设路', '和平路', '新华路', '长江路', '文化路', '青年路', '科技路', '滨河路', '光明街'];
const DISTRICTS = ['城东区', '城西区', '高新区', '经开区', '新城区', '滨江区'];

export function address(random: Random, city: string, company: boolean): string {
  const base = `${city}市${pick(random, DISTRICTS)}${pick(random, STREETS)}${intBetween(random, 1, 399)}号`;
  return company
    ? `${base}${pick(random, ['A', 'B', 'C'])}座${intBetween(random, 2, 28)}层`
    : `${base}${intBetween(random, 1, 30)}栋${intBetween(random, 1, 4)}单元${intBetween(random, 1, 33)}0${intBetween(random, 1, 4)}室`;
}
