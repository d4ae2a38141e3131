/**
 * `npm start`: the whole console on one machine with embedded defaults.
 *   1. builds the console (main, preload, renderer) into out/
 *   2. starts the hub on its embedded database, seeded with the demo call center
 *   3. starts the dev PBX (Kamailio + rtpengine) with the SIP accounts the hub exported, where
 *      Kamailio is installed; otherwise says how to install it and runs the rest
 *   4. opens the Electron app where its binary is installed, otherwise prints the URL for a browser
 * Ctrl-C stops everything it started.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { startPbx, PbxError, type Pbx } from '../pbx/dev-pbx';
import { DEMO_TRUNK, DEV_PBX_SIP_PORT, DEV_PBX_WS_PORT } from '../pbx/demo-trunk';
import { readHubSubscribers } from '../pbx/hub-export';

const root = resolve(import.meta.dirname, '..');
const hubPort = process.env.HUB_PORT ?? '8790';
const hubHost = process.env.HUB_HOST ?? '127.0.0.1';
const hubUrl = `http://${hubHost}:${hubPort}`;
const dataDir = resolve(root, process.env.HUB_DATA_DIR ?? '.data/hub');
const pbxDbDir = resolve(dataDir, 'pbx');
const children: ChildProcess[] = [];
let pbx: Pbx | null = null;

function step(message: string) {
  console.log(`\n▶ ${message}`);
}

function electronBinary(): string | null {
  try {
    // The electron package resolves to its binary's path, and throws when the download never happened.
    const path = createRequire(import.meta.url)('electron') as unknown;
    return typeof path === 'string' ? path : null;
  } catch {
    return null;
  }
}

async function waitForHub(timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${hubUrl}/healthz`)).ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

function shutdown(code: number) {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  void pbx?.stop();
  setTimeout(() => process.exit(code), 1500).unref();
}

async function startDevPbx(): Promise<void> {
  step(`Starting the dev PBX (Kamailio, SIP over WebSocket on ws://127.0.0.1:${DEV_PBX_WS_PORT})…`);
  try {
    pbx = await startPbx({
      sipPort: DEV_PBX_SIP_PORT,
      wsPort: DEV_PBX_WS_PORT,
      subscribers: [...readHubSubscribers(pbxDbDir), DEMO_TRUNK],
      withRtpengine: true,
      logDir: resolve(root, '.data/pbx-logs'),
    });
    console.log(`  registered accounts come from the hub; logs in .data/pbx-logs`);
    console.log(`  a test call: npm run demo:call -- --to agent1 --from 13800138000 --ivr complaint`);
  } catch (error) {
    const message = error instanceof PbxError && /NOT_INSTALLED/.test(error.code)
      ? 'Kamailio/rtpengine are not installed, so the softphone cannot register. Install them with:\n    sudo apt-get install kamailio kamailio-websocket-modules rtpengine-daemon'
      : `The dev PBX did not start: ${(error as Error).message}`;
    console.warn(`⚠ ${message}\n  The console runs without a phone until then.`);
  }
}
process.on('SIGINT', () => shutdown(0));
process.on('SIGTERM', () => shutdown(0));

step('Building the console (electron-vite build)…');
const build = spawnSync(process.execPath, [resolve(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], {
  cwd: root,
  stdio: 'inherit',
});
if (build.status !== 0) {
  console.error('✖ The build failed; see the messages above.');
  process.exit(1);
}

step(`Starting the hub with the demo call center on ${hubUrl} (data in ${process.env.HUB_DATA_DIR ?? '.data/hub'})…`);
const hub = spawn(process.execPath, [resolve(root, 'node_modules/tsx/dist/cli.mjs'), resolve(root, 'hub/src/main.ts'), '--demo'], {
  cwd: root,
  stdio: 'inherit',
  // Per-request logs would drown the one line that matters (the URL); HUB_LOG_LEVEL=info brings them back.
  env: { HUB_LOG_LEVEL: 'warn', ...process.env, HUB_PORT: hubPort, HUB_HOST: hubHost, HUB_DATA_DIR: dataDir, HUB_PBX_DBTEXT_DIR: pbxDbDir },
});
children.push(hub);
hub.once('exit', (code) => {
  console.error(`✖ The hub stopped (exit code ${code}).`);
  shutdown(code ?? 1);
});
if (!(await waitForHub(120_000))) {
  console.error('✖ The hub did not answer /healthz within 2 minutes.');
  shutdown(1);
} else {
  await startDevPbx();
  const electron = electronBinary();
  console.log('\nDemo logins (password demo1234): agent1, agent2, callback1, qa1, supervisor1, manager1, admin');
  if (electron) {
    step('Opening the desktop console (Electron)…');
    const app = spawn(electron, [root], { cwd: root, stdio: 'inherit', env: { ...process.env, CONSOLE_HUB_URL: hubUrl } });
    children.push(app);
    app.once('exit', () => shutdown(0));
  } else {
    console.log(`\nElectron's binary is not installed on this machine, so the console runs in a browser instead:`);
    console.log(`\n    ${hubUrl}/\n`);
    console.log('(Open it in Chromium or Chrome. English: add ?lang=en-US. Ctrl-C stops the hub.)');
  }
}
