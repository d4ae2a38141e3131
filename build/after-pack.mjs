// electron-builder's afterPack hook (electron-builder.yml). electron-builder loads hooks as plain
// JavaScript, so the fuse code itself stays in TypeScript (typed, linted, tested) and is loaded
// through tsx, which is already a dev dependency.
import { tsImport } from 'tsx/esm/api';

export default async function afterPack(context) {
  const { applyConsoleFuses } = await tsImport('../scripts/electron-fuses.ts', import.meta.url);
  await applyConsoleFuses(context);
}
