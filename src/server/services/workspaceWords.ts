import type { Refusal } from './workspaceAccess';

/** A workspace page asked for without a live session: signed out, idle 8 hours, revoked, or a cookie this site never issued. */
export const NOT_SIGNED_IN: Refusal = {
  ok: false,
  kind: 'unauthorized',
  message: '请先登录：您还没有登录，或者登录已失效（8 小时未操作、已退出，或在其他设备上退出了所有登录）。',
};

/** The workspace's pages when the store does not answer (what `whileStoreUp` gives in workspaceCases.ts). */
export const UNAVAILABLE: Refusal = { ok: false, kind: 'unavailable', message: '系统暂时无法读取，请稍后再试。' };
