/**
 * Writes each LSP message to a stream as one frame: header and body in one write. vscode-jsonrpc's
 * StreamMessageWriter writes the header, waits for its callback, then writes the body
 * (lib/common/messageWriter.js, WriteableStreamMessageWriter.doWrite): two write system calls per
 * message, the first waking the client for a header without its body. On a pipe Node writes
 * synchronously (https://nodejs.org/api/process.html#a-note-on-process-io), so every
 * publishDiagnostics paid both.
 */
import { AbstractMessageWriter, type Message, type MessageWriter } from 'vscode-languageserver/node';

export class FrameWriter extends AbstractMessageWriter implements MessageWriter {
  private errorCount = 0;

  constructor(private readonly stream: NodeJS.WritableStream) {
    super();
    stream.on('error', (error: Error) => this.fireError(error));
    stream.on('close', () => this.fireClose());
  }

  /** Resolves once the stream has taken the frame, as StreamMessageWriter's write does. */
  write(msg: Message): Promise<void> {
    const body = JSON.stringify(msg);
    // Content-Length counts the body's UTF-8 bytes (the LSP base protocol's header part).
    const frame = `Content-Length: ${Buffer.byteLength(body, 'utf8')}\r\n\r\n${body}`;
    return new Promise((resolve, reject) => {
      this.stream.write(frame, 'utf8', (error?: Error | null) => {
        if (!error) return resolve();
        this.fireError(error, msg, ++this.errorCount);
        reject(error);
      });
    });
  }

  end(): void {
    this.stream.end();
  }
}
