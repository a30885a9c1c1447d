// The web SDK's own codes, as data: the ones of @tencentcloud/chat 3.6.6 that login, logout and the
// gated calls can answer (its error table, read from the package; documented on the web SDK's
// "SDK Error Codes" page). Codes from the server (7003, 700xx, ...) pass through the SDK unchanged
// and keep their Tencent meaning. `meaning` is what the suite reasons with; a code without one
// stays "unknown (code N)" and never counts as success.
import type { Meaning } from '../contract.ts';

export interface WebSdkCode {
  /** The SDK's name for the code. */
  name: string;
  meaning?: Meaning;
  /** When the SDK answers it. */
  when: string;
}

export const WEB_SDK_CODES = {
  2000: { name: 'NO_SDKAPPID', meaning: 'invalid-parameters', when: 'login on an instance created without an SDKAppID' },
  2001: { name: 'NO_ACCOUNT_TYPE', meaning: 'invalid-parameters', when: 'no accountType (legacy)' },
  // Defined, but never answered by login in 3.6.6: a userID or userSig that is empty, missing or not
  // a string fails its parameter check first, which throws "Params validate failed." (no code).
  2002: { name: 'NO_IDENTIFIER', meaning: 'invalid-user-id', when: 'login with no userID, after the parameter check (unreached)' },
  2003: { name: 'NO_USERSIG', meaning: 'sig-empty', when: 'login with no userSig, after the parameter check (unreached)' },
  2022: { name: 'NO_TINYID', when: 'internal: the login answer had no tinyID' },
  2023: { name: 'NO_A2KEY', when: 'internal: the login answer had no a2key' },
  2024: { name: 'USER_NOT_LOGGED_IN', meaning: 'not-logged-in', when: 'logout without a login; a gated call before any login' },
  2025: { name: 'REPEAT_LOGIN', meaning: 'login-in-progress', when: 'login while another login call is still running' },
  2662: { name: 'CANNOT_JOIN_NON_AV_WITHOUT_LOGIN', meaning: 'not-logged-in', when: 'joinGroup before login, for a group that is not an audio-video room' },
  2800: { name: 'NETWORK_ERROR', when: 'the request could not be sent' },
  2801: { name: 'NETWORK_TIMEOUT', when: 'no answer in time' },
  2805: { name: 'NO_NETWORK', when: 'offline' },
  2903: { name: 'UNCAUGHT_ERROR', when: 'an exception inside the SDK' },
  2999: { name: 'SDK_IS_NOT_READY', meaning: 'not-logged-in', when: 'a gated call before SDK_READY (the generic not-ready code)' },
  // The not-ready reasons: a gated call before SDK_READY answers the reason the SDK is not ready.
  3000: { name: 'LOGGING_IN', meaning: 'login-in-progress', when: 'a gated call while a login is under way' },
  3001: { name: 'LOGIN_FAILED', meaning: 'not-logged-in', when: 'a gated call after a rejected login' },
  3002: { name: 'KICKED_OUT_MULT_DEVICE', meaning: 'not-logged-in', when: 'a gated call after a kick by a login on another device type' },
  3003: { name: 'KICKED_OUT_MULT_ACCOUNT', meaning: 'not-logged-in', when: 'a gated call after a kick by another web instance of the account' },
  3004: { name: 'KICKED_OUT_USERSIG_EXPIRED', meaning: 'not-logged-in', when: 'a gated call after the UserSig expired online' },
  3005: { name: 'LOGGED_OUT', meaning: 'not-logged-in', when: 'a gated call after logout' },
  3006: { name: 'KICKED_OUT_REST_API', meaning: 'not-logged-in', when: 'a gated call after a server-side kick (REST API)' },
  20002: { name: 'MSG_A2KEY_EXPIRED', meaning: 'sig-expired', when: 'the session key derived from the UserSig expired (handled like 70001)' },
} as const satisfies Record<number, WebSdkCode>;

export type WebSdkCodeName = (typeof WEB_SDK_CODES)[keyof typeof WEB_SDK_CODES]['name'];

/** The code of each name, for the double and the tests (e.g. WEB_SDK.LOGGING_IN === 3000). */
export const WEB_SDK = Object.fromEntries(Object.entries(WEB_SDK_CODES).map(([code, c]) => [c.name, Number(code)])) as Record<WebSdkCodeName, number>;

export function webSdkCodeName(code: number): string | undefined {
  return (WEB_SDK_CODES as Record<number, WebSdkCode>)[code]?.name;
}

/** The adapter's code profile: every web SDK code that has a meaning. */
export const WEB_SDK_CODE_PROFILE: Readonly<Record<number, Meaning>> = Object.fromEntries(
  Object.entries(WEB_SDK_CODES).flatMap(([code, c]: [string, WebSdkCode]) => (c.meaning ? [[Number(code), c.meaning]] : [])),
);
