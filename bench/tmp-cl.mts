import { benchCallLog } from './call-log';
const f = await benchCallLog({ calls: 50, backlog: 10000 });
console.log(JSON.stringify(f));
