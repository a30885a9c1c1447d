// The native codes of the reference: the Tencent ones, so no code profile is needed.
export const CODES = {
  ok: 0,
  notInitialized: 6013,
  notLoggedIn: 6014,
  invalidParameters: 6017,
  // Tencent ERR_REQUEST_NO_NET_ONREQ / ONRSP: no connection when sending / before the answer.
  noNetOnRequest: 6200,
  noNetOnResponse: 6201,
  invalidUserId: 7003,
  loginInProgress: 7501,
  sigExpired: 70001,
  sigEmpty: 70002,
  sigInvalid: 70003,
  sigUserMismatch: 70013,
  sigAppMismatch: 70014,
} as const;
