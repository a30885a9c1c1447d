// Mutants of the reference that survive the conformance specs because they are equivalent or
// change only behaviour no rule constrains, each with its reason. The ignorer (./ignorer.mjs)
// gives each recorded line the effect of a `// Stryker disable next-line <mutators>` comment,
// so the reference itself carries no mutation-testing notes. A line is found by its text (trimmed)
// inside the named function or class it sits in; a record that matches no line, or more than one,
// stops the mutation run and fails selftest/reference/mutation-record.test.ts, so an edit to the
// reference cannot leave a record silently pointing nowhere. The groups and the figures are in
// docs/mutation-survivors.md.
//
// Each record names only the mutators that survived on its line.

/** @type {Record<string, { in: string, line: string, mutators: string[], why: string }[]>} */
const BY_FILE = {
  'adapters/reference/client.ts': [
    { in: '(module)', line: 'export function reconnectDelayMs(failures: number): number {', mutators: ['BlockStatement'], why: 'the backoff curve is not a rule (reconnect.auto asks for a reconnect within 60 s of clock time)' },
    { in: 'reconnectDelayMs', line: 'return Math.min(RECONNECT_INITIAL_BACKOFF_MS * 2 ** failures, RECONNECT_MAX_BACKOFF_MS);', mutators: ['ArithmeticOperator', 'MethodExpression'], why: 'the backoff curve is not a rule (reconnect.auto asks for a reconnect within 60 s of clock time)' },
    { in: 'ReferenceClient.getConversationList', line: 'return { code: CODES.ok, data: [] };', mutators: ['ArrayDeclaration'], why: "the list's contents are not a rule" },
    { in: 'ReferenceClient.callGated', line: 'if (!GatedApi.safeParse(api).success) return Promise.resolve({ code: CODES.invalidParameters, desc: `unknown API ${String(api)}` });', mutators: ['ConditionalExpression', 'ObjectLiteral'], why: "the suite's calls are typed; an unknown API name never reaches it" },
    { in: 'ReferenceClient.planLogin', line: "if (this.pendingLogin) return this.pendingLogin.userId === userId ? 'join' : 'busy';", mutators: ['ConditionalExpression', 'StringLiteral'], why: 'a second login during a login may join it, be refused (6014) or start over: all conform (repeat.*, switch.*)' },
    { in: 'ReferenceClient.onResumed', line: 'if (answer.code === CODES.noNetOnRequest || answer.code === CODES.noNetOnResponse) return;', mutators: ['ConditionalExpression', 'LogicalOperator'], why: 'a resume cut off again before its answer: the same client resumes on the next connection either way, and the harness cannot cut a link after a reconnect opened it and before the resume is answered (a hold before the reconnect holds its handshake too)' },
    { in: 'ReferenceClient.emit', line: 'queueMicrotask(() => {', mutators: ['BlockStatement'], why: "the suite's listeners never throw" },
    { in: 'ReferenceClient.#init', line: 'if (this.#closing) return this.#closing.then(() => this.#init()); // an unInit still running finishes first', mutators: ['ConditionalExpression', 'ArrowFunction'], why: 'init during a running unInit: no rule orders them, and no spec calls them so' },
    { in: 'ReferenceClient.#init', line: 'if (this.#opening) return this.#opening;', mutators: ['ConditionalExpression'], why: 'a second concurrent init opening a second connection is not observable through the rules' },
    { in: 'ReferenceClient.#unInit', line: 'if (!this.initialized) return Promise.resolve(OK);', mutators: ['ConditionalExpression'], why: 'unInit twice: the second run of the shutdown finds nothing to shut down' },
    { in: 'ReferenceClient.#unInit', line: 'if (this.#socket?.readyState === WebSocket.CONNECTING) this.#socket.terminate(); // an attempt nobody needs now', mutators: ['ConditionalExpression', 'OptionalChaining'], why: 'connection cleanup: the attempt fails or is closed below either way' },
    { in: 'ReferenceClient.#unInit', line: 'if (socket && socket.readyState !== WebSocket.CLOSED) {', mutators: ['BlockStatement', 'ConditionalExpression', 'EqualityOperator', 'LogicalOperator'], why: 'connection cleanup: not observable through the rules (the next init opens a new connection)' },
    { in: 'ReferenceClient.#login', line: "case 'join':", mutators: ['ConditionalExpression', 'StringLiteral'], why: 'a second login during a login may join it, be refused (6014) or start over: all conform' },
    { in: 'ReferenceClient.#login', line: 'if (this.pendingLogin) return this.pendingLogin.answer;', mutators: ['ConditionalExpression'], why: 'a second login during a login may join it, be refused (6014) or start over: all conform' },
    { in: 'ReferenceClient.#login', line: "case 'busy':", mutators: ['StringLiteral'], why: 'a second login during a login may join it, be refused (6014) or start over: all conform' },
    { in: 'ReferenceClient.#login', line: "this.user = '';", mutators: ['StringLiteral'], why: 'what getLoginUser says while a login runs is not a rule (only after it succeeds or fails)' },
    { in: 'ReferenceClient.#logout', line: "if (this.status === 'logged-out') return Promise.resolve(OK); // harmless", mutators: ['ConditionalExpression', 'StringLiteral'], why: 'a shortcut: the server answers a logout without a session the same way' },
    { in: 'ReferenceClient.#connect', line: 'let wasOpen = false;', mutators: ['BooleanLiteral'], why: 'only the reconnect backoff depends on it (not a rule)' },
    { in: 'ReferenceClient.#connect.failed', line: "socket.off('open', opened);", mutators: ['StringLiteral'], why: 'listener cleanup: the socket is closed' },
    { in: 'ReferenceClient.#connect.failed', line: "if (this.initialized) this.emit({ kind: 'connectFailed', code: CODES.noNetOnRequest });", mutators: ['ConditionalExpression'], why: 'connectFailed is not a rule (reconnect.auto asks for connecting and connectSuccess)' },
    { in: 'ReferenceClient.#reconnect', line: 'if (!this.initialized) return;', mutators: ['ConditionalExpression'], why: 'unInit cancels the timer that calls this: a second guard' },
    { in: 'ReferenceClient.#resume', line: "session !== undefined && token !== undefined ? { type: 'resume', instanceId: this.instanceId, session, token } : { type: 'resume', instanceId: this.instanceId },", mutators: ['ConditionalExpression', 'LogicalOperator'], why: 'the session and its token are set and cleared together' },
    { in: 'ReferenceClient.#resume', line: 'if (session === undefined || this.session !== session) return; // logged out or in again meanwhile', mutators: ['ConditionalExpression', 'LogicalOperator'], why: "a new login while a resume's answer is in flight: the specs cannot hold a resume's answer back" },
    { in: 'ReferenceClient.#connectFailedAgain', line: 'this.#failures += 1;', mutators: ['AssignmentOperator'], why: 'only the reconnect backoff depends on it (not a rule)' },
    { in: 'ReferenceClient.#scheduleReconnect', line: 'const cancel = this.#timers.setTimer(this.#timers.now() + reconnectDelayMs(this.#failures), () => {', mutators: ['ArithmeticOperator'], why: 'the backoff curve is not a rule' },
    { in: 'ReferenceClient.#scheduleReconnect', line: 'if (this.#reconnecting === reconnecting) this.#reconnecting = undefined;', mutators: ['ConditionalExpression'], why: 'one reconnect at a time: the check only guards against a newer one' },
    { in: 'ReferenceClient', line: '#cancelRetry(): void {', mutators: ['BlockStatement'], why: 'a second guard: a reconnect that fires after unInit returns at once (#reconnect)' },
    { in: 'ReferenceClient.#request', line: 'const id = this.#nextId++;', mutators: ['UpdateOperator'], why: 'request IDs need only be distinct' },
    { in: 'ReferenceClient.#receive', line: 'if (!parsed.success) return; // a server bug; nothing sensible to do with it', mutators: ['ConditionalExpression'], why: 'the reference server never sends a message outside its protocol' },
    { in: 'ReferenceClient.#receive', line: "waiting?.settle(message.type === 'reply' ? { answer: message.answer, session: message.session, token: message.token } : { answer: OK });", mutators: ['ConditionalExpression', 'ObjectLiteral', 'OptionalChaining'], why: 'a pong settles a ping, whose answer nobody reads' },
    { in: 'ReferenceClient.#closed', line: 'if (this.#socket === socket) this.#socket = undefined;', mutators: ['ConditionalExpression'], why: 'a stale socket closing after a newer one opened: the specs cannot order the two' },
    { in: 'ReferenceClient.#closed', line: 'if (waiting.socket !== socket) continue;', mutators: ['ConditionalExpression'], why: 'one socket at a time: requests of an older one were settled when it closed' },
    { in: 'ReferenceClient.#closed', line: 'if (wasOpen) {', mutators: ['ConditionalExpression'], why: 'only the reconnect backoff depends on it (a failed attempt has scheduled its own)' },
  ],
  'adapters/reference/server.ts': [
    { in: 'ReferenceServer.admit', line: 'const own = this.sessions.filter((s) => s.connection === candidate.connection);', mutators: ['ArrowFunction', 'ConditionalExpression'], why: 'the reference client never sends a login on a connection that holds a session (it logs out first on a switch; a repeat is answered locally)' },
    { in: 'ReferenceServer.resume', line: "for (const stale of this.sessions.filter((s) => s.instanceId === request.instanceId)) this.endSession(stale, 'replaced');", mutators: ['StringLiteral'], why: 'the end reason of a stale session is never read: its instance holds no session to resume' },
    { in: 'ReferenceServer.resume', line: 'if (!session || session.token !== request.token || session.instanceId !== request.instanceId) {', mutators: ['BlockStatement', 'ConditionalExpression', 'LogicalOperator'], why: 'only a forged or corrupted resume reaches it; the reference client cannot send one' },
    { in: 'ReferenceServer.resume', line: 'if (!this.ticketValidOnResume(session)) {', mutators: ['BlockStatement', 'ConditionalExpression'], why: 'a second line of defence: the expiry timer has already ended the session (answered above)' },
    { in: 'ReferenceServer.resume', line: 'if (session.connection.session === session) session.connection.session = undefined;', mutators: ['ConditionalExpression', 'EqualityOperator'], why: 'a connection holds one session; one that ended or moved is never used again for a call (the client gates locally)' },
    { in: 'ReferenceServer.ticketValidOnResume', line: 'return this.clock.now() < session.expiresAtMs;', mutators: ['ConditionalExpression', 'EqualityOperator'], why: 'a second line of defence: the expiry timer fires first and has already ended the session' },
    { in: 'ReferenceServer.handleCall', line: 'if (!session) return { code: CODES.notLoggedIn, desc: `${api} needs a logged-in user` };', mutators: ['ConditionalExpression', 'ObjectLiteral'], why: 'defence in depth: the reference client refuses a gated call without a session before sending it' },
    { in: 'ReferenceServer.handleCall', line: "if (!parsed.success) return { code: CODES.invalidParameters, desc: 'sendMessage takes { to, text }' };", mutators: ['ConditionalExpression', 'ObjectLiteral'], why: 'the suite sends well-formed messages' },
    { in: 'ReferenceServer.handleCall', line: "case 'joinGroup':", mutators: ['ConditionalExpression'], why: 'falls through to the same answer' },
    { in: 'ReferenceServer.handleCall', line: 'return { code: CODES.ok, data: [] };', mutators: ['ArrayDeclaration'], why: "the lists' contents are not a rule" },
    { in: 'ReferenceServer.expire', line: "this.endSession(session, 'expired');", mutators: ['StringLiteral'], why: 'the end reason of an expired session is never read: a resume re-checks the ticket itself' },
    { in: 'ReferenceServer.endSession', line: 'if (session.connection.session === session) session.connection.session = undefined;', mutators: ['ConditionalExpression', 'EqualityOperator'], why: 'a connection holds one session; one that ended or moved is never used again for a call (the client gates locally)' },
    { in: 'ReferenceServer.#login', line: 'this.#activeByDay.get(today)?.add(userId);', mutators: ['OptionalChaining'], why: 'set just above' },
    { in: 'ReferenceServer.#login', line: 'id: this.#nextSessionId++,', mutators: ['UpdateOperator'], why: 'session IDs need only be distinct' },
    { in: 'ReferenceServer.#login', line: "if (old.connection === connection) this.endSession(old, 'replaced');", mutators: ['ConditionalExpression', 'StringLiteral'], why: 'the reference client never sends a login on a connection that holds a session (it logs out first on a switch; a repeat is answered locally)' },
    { in: 'ReferenceServer.#login', line: 'if (this.sessions.includes(session)) this.expire(session);', mutators: ['ConditionalExpression'], why: 'a second guard: ending a session cancels its timer' },
    { in: 'ReferenceServer.#receive', line: 'if (!parsed.success) {', mutators: ['BlockStatement', 'ConditionalExpression'], why: "the suite's clients send only valid messages" },
    { in: 'ReferenceServer.#receive', line: 'const id = z.object({ id: z.number().int() }).safeParse(raw);', mutators: ['ObjectLiteral'], why: "the suite's clients send only valid messages" },
    { in: 'ReferenceServer.#receive', line: "if (id.success) connection.send({ type: 'reply', id: id.data.id, answer: { code: CODES.invalidParameters, desc: parsed.error.message } });", mutators: ['ConditionalExpression', 'ObjectLiteral', 'StringLiteral'], why: "the suite's clients send only valid messages" },
    { in: 'ReferenceServer.#receive', line: "if (connection.session) this.endSession(connection.session, 'logout');", mutators: ['StringLiteral'], why: 'the end reason of a logged-out session is never read: its client holds no session to resume' },
    { in: 'ReferenceServer.#accept', line: 'open: true,', mutators: ['BooleanLiteral'], why: 'connected or dropped both count as online in the contract (Online and PushOnline)' },
    { in: 'ReferenceServer.#accept', line: 'if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));', mutators: ['ConditionalExpression'], why: 'a send on a closed socket is dropped by ws as well' },
    { in: 'ReferenceServer.#accept', line: 'this.#closedBySocket.set(request.socket, new Promise<void>((resolve) => (closed = resolve)));', mutators: ['ArrowFunction'], why: 'the network-fault barrier serves the harness' },
    { in: 'ReferenceServer.#accept', line: "socket.on('error', () => {}); // a 'close' follows; without a listener 'error' would throw", mutators: ['StringLiteral'], why: 'the event name of a no-op listener' },
    { in: 'ReferenceServer.#accept', line: 'connection.open = false;', mutators: ['BooleanLiteral'], why: 'connected or dropped both count as online in the contract (Online and PushOnline)' },
  ],
  'adapters/reference/policy.ts': [
    { in: 'applySettings', line: 'if (!parsed.success) return { ok: false, reason: `malformed settings: ${z.prettifyError(parsed.error)}` };', mutators: ['ConditionalExpression'], why: "the suite's own calls are typed; only the reference's selftest sends malformed settings" },
    { in: 'applySettings', line: 'if (max < 1 || max > bound(platform)) return { ok: false, reason: `maxInstances.${platform} must be from 1 to ${bound(platform)} but got ${max}` };', mutators: ['ObjectLiteral', 'StringLiteral'], why: 'the reason is answer text (desc)' },
  ],
  'adapters/reference/tls-sig.ts': [
    { in: 'verifyTicket', line: "if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'invalid' };", mutators: ['ConditionalExpression'], why: 'the length check only keeps timingSafeEqual from throwing: every signature is 44 characters (base64 of SHA-256), and tampering with the compressed ticket breaks it before its length changes' },
    { in: 'verifyTicket', line: "if (nowSeconds >= expiresAtSeconds) return { ok: false, reason: 'expired' };", mutators: ['EqualityOperator'], why: 'the documentation does not say whether the last second counts; the specs test one second either side' },
    { in: 'decodeTicket', line: 'if (json === undefined) return undefined;', mutators: ['ConditionalExpression'], why: 'an undefined document fails to parse below all the same' },
    { in: 'decodeTicket', line: "const parsed = TicketDoc.safeParse(JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(json)));", mutators: ['ObjectLiteral', 'BooleanLiteral'], why: 'invalid UTF-8 would change the signed identifier: the signature check refuses it' },
    { in: 'inflateCanonical', line: 'if (json === undefined) return undefined;', mutators: ['ConditionalExpression'], why: 'the loop below finds no variant that inflates, and undefined is returned all the same' },
    { in: 'inflateCanonical', line: 'if (byte === undefined) return undefined;', mutators: ['ConditionalExpression'], why: 'fewer than five bytes never inflate: refused above' },
    { in: 'escape', line: "return base64.replace(/\\+/g, '*').replace(/\\//g, '-').replace(/=/g, '_');", mutators: ['StringLiteral'], why: 'the spelling of base64 padding: only byte compatibility with the tls-sig-api-v2 package sees it (selftest/reference)' },
    { in: 'unescape', line: "return ticket.replace(/\\*/g, '+').replace(/-/g, '/').replace(/_/g, '=');", mutators: ['StringLiteral'], why: 'the spelling of base64 padding: only byte compatibility with the tls-sig-api-v2 package sees it (selftest/reference)' },
  ],
};

/** Every record, with the file it belongs to. */
export const RECORDED = Object.entries(BY_FILE).flatMap(([file, records]) => records.map((record) => ({ file, ...record })));
