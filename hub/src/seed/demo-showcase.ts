import type { DemoCustomer } from './demo-customers';
import { addYears, chinaDate, orderAmount, orderLine } from './demo-shop';
import { stableUuid } from './prng';

/*
 * A few customers the demo and the end-to-end tests rely on, each showing one thing the screen pop
 * must get right. Their numbers are stored as a CRM import has them ('138 0013 8000'), so that a
 * call from '+8613800138000' or '008613800138000' proves the normalisation; tests import the ids
 * and E.164 numbers from here. The generated customers never get these numbers.
 */

const FAMILY_LANDLINE = '+8675588886666';

export const SHOWCASE = {
  /** A VIP 3 regular with a mobile and an office landline, a parcel on its way and a unit on file. */
  wangJianguo: {
    id: stableUuid('demo-showcase:wang-jianguo'),
    name: '王建国',
    phones: ['+8613800138000', '+861065521234'],
    orderNo: 'SO202602270000123',
    waybillNo: 'SF140238567190',
    serialNo: 'HX-2025-000123',
  },
  /** An open complaint the agent must see before greeting her. */
  liMei: { id: stableUuid('demo-showcase:li-mei'), name: '李梅', phones: ['+8613901390000'], openComplaintNo: 'TS-2026-0001' },
  /** A key account (大客户), served by a dedicated team. */
  huaxin: { id: stableUuid('demo-showcase:huaxin'), name: '北京华信电子有限公司', phones: ['+862155550101'] },
  /** 张伟 and 张丽 share the family's landline: a call from it must ask who is calling. */
  zhangWei: { id: stableUuid('demo-showcase:zhang-wei'), name: '张伟', phones: ['+8613755668899', FAMILY_LANDLINE] },
  zhangLi: { id: stableUuid('demo-showcase:zhang-li'), name: '张丽', phones: ['+8615987654321', FAMILY_LANDLINE] },
  familyLandline: FAMILY_LANDLINE,
} as const;

/** Every showcase number in E.164. */
export const SHOWCASE_NUMBERS: ReadonlySet<string> = new Set(
  [SHOWCASE.wangJianguo, SHOWCASE.liMei, SHOWCASE.huaxin, SHOWCASE.zhangWei, SHOWCASE.zhangLi].flatMap((c) => c.phones),
);

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The showcase as of `now`: times are relative to it, so that the parcel is still on its way and
 * the complaint still fresh whenever the demo is seeded; numbers and ids never change.
 */
export function showcaseCustomers(now: Date): DemoCustomer[] {
  const ago = (days: number, hours = 0) => new Date(now.getTime() - days * DAY_MS - hours * 3_600_000);
  const base = { keyAccount: false, email: null, address: null, notes: null, orders: [], products: [], tickets: [] };

  const parcel = [orderLine('HX-AP300', 1), orderLine('HX-AP300-F', 2)];
  const robot = [orderLine('HX-R5', 1)];
  const robotBought = ago(170);
  const kettle = [orderLine('HX-K12', 1)];
  const bulk = [orderLine('HX-AP300', 20), orderLine('HX-AP300-F', 40)];

  return [
    {
      ...base,
      id: SHOWCASE.wangJianguo.id,
      name: SHOWCASE.wangJianguo.name,
      vipLevel: 3,
      customerClass: 'individual',
      tags: ['老客户', '复购'],
      createdAt: ago(900),
      phones: ['138 0013 8000', '010-6552 1234'],
      email: 'wangjianguo@example.com',
      address: '北京市朝阳区建国路 88 号 2 号楼 1503 室',
      notes: '老客户，习惯下午来电',
      orders: [
        {
          id: stableUuid('demo-showcase:wang-jianguo:order:1'),
          orderNo: 'SO202509130000045',
          placedAt: robotBought,
          items: robot,
          amountFen: orderAmount(robot),
          shippingState: 'delivered',
          courier: '京东',
          waybillNo: 'JDX000512345678',
        },
        {
          id: stableUuid('demo-showcase:wang-jianguo:order:2'),
          orderNo: SHOWCASE.wangJianguo.orderNo,
          placedAt: ago(1, 20),
          items: parcel,
          amountFen: orderAmount(parcel),
          shippingState: 'collected',
          courier: '顺丰',
          waybillNo: SHOWCASE.wangJianguo.waybillNo,
        },
      ],
      products: [
        {
          serialNo: SHOWCASE.wangJianguo.serialNo,
          model: 'HX R5 扫地机器人',
          purchaseDate: chinaDate(robotBought),
          warrantyUntil: addYears(chinaDate(robotBought), 2),
          orderNo: 'SO202509130000045',
        },
      ],
    },
    {
      ...base,
      id: SHOWCASE.liMei.id,
      name: SHOWCASE.liMei.name,
      vipLevel: 0,
      customerClass: 'individual',
      tags: [],
      createdAt: ago(400),
      phones: ['+86 139-0139-0000'],
      address: '上海市浦东新区张杨路 500 号 8 栋 2 单元 601 室',
      orders: [
        {
          id: stableUuid('demo-showcase:li-mei:order:1'),
          orderNo: 'SO202602240000078',
          placedAt: ago(6),
          items: kettle,
          amountFen: orderAmount(kettle),
          shippingState: 'delivered',
          courier: '圆通',
          waybillNo: 'YT7512345678901',
        },
      ],
      tickets: [
        {
          id: stableUuid('demo-showcase:li-mei:ticket:1'),
          ticketNo: 'SH-2025-0417',
          kind: 'after_sales',
          title: '电水壶底座漏水',
          status: 'closed',
          openedAt: ago(120),
          closedAt: ago(115),
        },
        {
          id: stableUuid('demo-showcase:li-mei:ticket:2'),
          ticketNo: SHOWCASE.liMei.openComplaintNo,
          kind: 'complaint',
          title: '快递破损未处理',
          status: 'registered',
          openedAt: ago(1),
          closedAt: null,
        },
      ],
    },
    {
      ...base,
      id: SHOWCASE.huaxin.id,
      name: SHOWCASE.huaxin.name,
      vipLevel: 1,
      keyAccount: true,
      customerClass: 'enterprise',
      tags: ['批量采购'],
      createdAt: ago(1000),
      phones: ['021-5555 0101'],
      email: 'purchase@example.com',
      address: '北京市海淀区中关村大街 1 号 B 座 12 层',
      orders: [
        {
          id: stableUuid('demo-showcase:huaxin:order:1'),
          orderNo: 'SO202601150000310',
          placedAt: ago(45),
          items: bulk,
          amountFen: orderAmount(bulk),
          shippingState: 'delivered',
          courier: '顺丰',
          waybillNo: 'SF140200310077',
        },
      ],
    },
    { ...base, id: SHOWCASE.zhangWei.id, name: SHOWCASE.zhangWei.name, vipLevel: 0, customerClass: 'individual', tags: [], createdAt: ago(300), phones: ['137 5566 8899', '0755-8888 6666'] },
    { ...base, id: SHOWCASE.zhangLi.id, name: SHOWCASE.zhangLi.name, vipLevel: 0, customerClass: 'individual', tags: ['微信联系'], createdAt: ago(280), phones: ['159 8765 4321', '0755-8888 6666'] },
  ];
}
