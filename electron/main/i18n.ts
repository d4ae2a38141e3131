import type { Language } from '../../shared/domain/i18n';
import type { AgentState } from '../../shared/telephony/agent-state';

/**
 * The few words the main process shows by itself: tray, dialogs, notification buttons. They live
 * here rather than in the renderer's i18next catalogue because the tray and the crash dialog must
 * work while the renderer is gone.
 */
const zhCN = {
  state: {
    not_ready: '示忙',
    ready: '示闲',
    ringing: '振铃中',
    dialing: '呼叫中',
    talking: '通话中',
    held: '保持中',
    wrap_up: '话后处理',
  } satisfies Record<AgentState, string>,
  signedOut: '未登录',
  menuReady: '示闲',
  menuNotReady: '示忙',
  menuShow: '显示窗口',
  menuQuit: '退出',
  answer: '接听',
  reject: '拒接',
  cancel: '取消',
  quit: '退出',
  quitInCallMessage: '正在通话中，确定退出？',
  quitInCallDetail: '退出会挂断当前通话。',
  crashLoopMessage: '控制台页面反复崩溃。',
  crashLoopDetail: '通话记录已保存。可以重试，或退出后重新打开。',
  retry: '重试',
  hangMessage: '控制台页面没有响应。',
  hangDetail: '可以继续等待，或重新加载页面（通话记录已保存）。',
  wait: '等待',
  reload: '重新加载',
  updateMessage: (version: string) => `新版本 ${version} 已下载。`,
  updateDetail: '现在重启以安装？也可以稍后，退出时会自动安装。',
  restartNow: '立即重启',
  later: '稍后',
};

type Messages = typeof zhCN;

const enUS: Messages = {
  state: {
    not_ready: 'Not ready',
    ready: 'Ready',
    ringing: 'Ringing',
    dialing: 'Dialling',
    talking: 'Talking',
    held: 'On hold',
    wrap_up: 'Wrap-up',
  },
  signedOut: 'Not signed in',
  menuReady: 'Ready',
  menuNotReady: 'Not ready',
  menuShow: 'Show window',
  menuQuit: 'Quit',
  answer: 'Answer',
  reject: 'Reject',
  cancel: 'Cancel',
  quit: 'Quit',
  quitInCallMessage: 'A call is in progress. Quit anyway?',
  quitInCallDetail: 'Quitting hangs up the current call.',
  crashLoopMessage: 'The console page keeps crashing.',
  crashLoopDetail: 'The call log is saved. Try again, or quit and open the console later.',
  retry: 'Try again',
  hangMessage: 'The console page is not responding.',
  hangDetail: 'Wait for it, or reload the page (the call log is saved).',
  wait: 'Wait',
  reload: 'Reload',
  updateMessage: (version: string) => `Version ${version} has been downloaded.`,
  updateDetail: 'Restart now to install it? Otherwise it is installed when you quit.',
  restartNow: 'Restart now',
  later: 'Later',
};

const CATALOGUES: Record<Language, Messages> = { 'zh-CN': zhCN, 'en-US': enUS };

export type MainMessages = Messages;

export function messagesFor(language: Language): MainMessages {
  return CATALOGUES[language];
}
