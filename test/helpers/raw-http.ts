import { request, type IncomingHttpHeaders } from "node:http";
import { connect, type Socket } from "node:net";

/** A response read off the wire: status, headers, the body as text and (when it parses) JSON. */
export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  json: any;
}

/** What {@link rawRequest} sends. */
export interface RawRequestOptions {
  method?: string;
  /** Sent as is: no URL normalisation (`/v1/models/../x` stays that way). */
  path: string;
  headers?: Record<string, string>;
  /** One body, written at once (with Content-Length unless `chunks` is used). */
  body?: string | Buffer;
  /** Written one after the other with Transfer-Encoding: chunked, `chunkDelayMs` apart. */
  chunks?: Array<string | Buffer>;
  chunkDelayMs?: number;
  /** Gives up (rejects) after this long; default 10 s. */
  timeoutMs?: number;
  /** Aborting destroys the connection and rejects with an AbortError. */
  signal?: AbortSignal;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function parse(text: string): any {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * One HTTP/1.1 request with `node:http` on a fresh connection to 127.0.0.1, for what `fetch`
 * cannot do: raw paths, chunked bodies written piece by piece, bodies the server may refuse
 * before they are fully sent (write errors after the response are ignored).
 */
export function rawRequest(port: number, options: RawRequestOptions): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.chunks) headers["transfer-encoding"] = "chunked";
    else if (options.body !== undefined) headers["content-length"] = String(Buffer.byteLength(options.body));
    const req = request({ host: "127.0.0.1", port, method: options.method ?? "POST", path: options.path, headers, agent: false });
    let settled = false;
    const timer = setTimeout(() => fail(new Error(`no response within ${options.timeoutMs ?? 10_000} ms`)), options.timeoutMs ?? 10_000);
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      reject(error);
    };
    req.on("error", (error) => fail(error));
    options.signal?.addEventListener("abort", () => fail(Object.assign(new Error("aborted"), { name: "AbortError" })), { once: true });
    req.on("response", (res) => {
      const parts: Buffer[] = [];
      res.on("data", (part: Buffer) => parts.push(part));
      res.on("error", (error) => fail(error));
      res.on("end", () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        const text = Buffer.concat(parts).toString("utf8");
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: parse(text) });
      });
    });
    const write = async () => {
      if (options.chunks) {
        for (const chunk of options.chunks) {
          // The server may answer 413 and stop reading before the last chunk: stop writing then.
          if (settled || req.destroyed || req.writableEnded) return;
          req.write(chunk);
          if (options.chunkDelayMs) await sleep(options.chunkDelayMs);
        }
        if (!settled && !req.destroyed) req.end();
      } else {
        req.end(options.body);
      }
    };
    void write();
  });
}

/** A raw TCP connection to 127.0.0.1 that keeps everything it receives. */
export interface RawConnection {
  socket: Socket;
  /** Everything received so far. */
  received(): string;
  /** Resolves when the server closes the connection (or it errors), with everything received. */
  closed: Promise<string>;
}

/** Opens a TCP connection to 127.0.0.1:port and resolves once it is connected. */
export function openConnection(port: number): Promise<RawConnection> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: "127.0.0.1", port });
    const parts: Buffer[] = [];
    socket.on("data", (part: Buffer) => parts.push(part));
    const received = () => Buffer.concat(parts).toString("utf8");
    const closed = new Promise<string>((done) => {
      socket.once("close", () => done(received()));
    });
    socket.on("error", () => {}); // a reset shows up as `close`; the test reads what arrived
    socket.once("connect", () => resolve({ socket, received, closed }));
    socket.once("error", reject);
  });
}
