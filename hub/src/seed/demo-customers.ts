import { digits, intBetween, pick, randomFor, stableUuid, type Random } from './prng';

export type CustomerClass = 'individual' | 'enterprise' | 'dealer';

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

const MOBILE_PREFIXES = ['130', '131', '132', '133', '135', '136', '137', '138', '139', '150', '151', '152', '153', '155', '156', '157', '158', '159', '166', '176', '177', '178', '180', '181', '182', '183', '185', '186', '187', '188', '189', '198', '199'];
// Area code without the trunk 0, and cities whose local numbers all have eight digits.
const AREA_CODES = ['10', '21', '20', '755', '28', '571', '25', '27', '22', '23', '512', '29'];
const JUNK = ['暂无', '138001380', '1234567', '000-0000', '同上'];

function mobile(random: Random): string {
  const n = pick(random, MOBILE_PREFIXES) + digits(random, 8);
  const [a, b, c] = [n.slice(0, 3), n.slice(3, 7), n.slice(7)];
  return pick(random, [n, `+86 ${a} ${b} ${c}`, `0086-${n}`, `${a}-${b}-${c}`, `+86${n}`, `86 ${n}`, `${a} ${b} ${c}`]);
}

function landline(random: Random): string {
  const area = pick(random, AREA_CODES);
  const local = String(intBetween(random, 5, 8)) + digits(random, 7);
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

const DAY_MS = 24 * 60 * 60 * 1000;

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
  return {
    id: stableUuid(`demo-customer:${index}`),
    name: isCompany ? companyName(random, customerClass) : personName(random),
    vipLevel: vipLevel(random),
    keyAccount: isCompany && random() < 0.4,
    customerClass,
    tags: tags(random),
    createdAt: new Date(now.getTime() - intBetween(random, 1, 3 * 365) * DAY_MS),
    phones,
  };
}
