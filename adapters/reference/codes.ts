// The native codes of the reference: the Tencent ones, so no code profile is needed.
export const CODES = {
  ok: 0,
  notInitialized: 6013,
  notLoggedIn: 6014,
  invalidParameters: 6017,
  // Tencent ERR_REQUEST_NO_NET_ONREQ / ONRSP: no connection when sending / before the answer.
  noNetOnRequest: 6200,
  noNetOnResponse: 6201,
  // ERR_LOGIN_KICKED_OFF_BY_OTHER: a resume refused because the session was ended meanwhile.
  kickedOffline: 6208,
  invalidUserId: 7003,
  loginInProgress: 7501,
  sigExpired: 70001,
  sigEmpty: 70002,
  sigInvalid: 70003,
  sigUserMismatch: 70013,
  sigAppMismatch: 70014,
  accountNotFound: 70107,
} as const;

/** The code for each reason a ticket is refused (tls-sig.ts's TicketVerdict). */
export const TICKET_REFUSAL_CODES = {
  empty: CODES.sigEmpty,
  invalid: CODES.sigInvalid,
  'user-mismatch': CODES.sigUserMismatch,
  'app-mismatch': CODES.sigAppMismatch,
  expired: CODES.sigExpired,
} as const;

/** The REST admin API's own codes (ErrorCode in the answer), beside the ticket codes above. */
export const REST_CODES = {
  // The reference's choices where the Tencent table is not specific.
  badRequest: 60002, // not a POST, unknown API, unreadable body
  invalidJson: 60003,
  invalidFields: 60004, // a field missing, of the wrong type, or too many items
  unknownSdkAppId: 60006,
  notAdmin: 60010, // the identifier is not an app admin
  internal: 60009,
} as const;
