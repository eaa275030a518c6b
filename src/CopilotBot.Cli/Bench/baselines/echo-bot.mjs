// The turn baseline of `copilot bench`: the smallest bot the JS Bot Framework SDK makes, answering every message
// with its own text through the Connector API of the activity's serviceUrl, as our bot answers through its own.
// Usage: node echo-bot.mjs PORT   (listens on 127.0.0.1:PORT/api/messages; prints one "ready" JSON line)
import { fstatSync } from 'node:fs';
import http from 'node:http';
import { ActivityTypes, CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';

const port = Number(process.argv[2]);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error('usage: node echo-bot.mjs PORT');
    process.exit(2);
}

// No MicrosoftAppId: botbuilder disables inbound authentication (anonymous claims) and sends replies with empty
// credentials, which is how the bot runs against a local channel.
const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
adapter.onTurnError = async (_context, error) => {
    console.error(`turn error: ${error?.stack ?? error}`);
};

const logic = async (context) => {
    if (context.activity.type === ActivityTypes.Message) {
        await context.sendActivity(context.activity.text ?? '');
    }
};

// CloudAdapter.process expects an Express/Restify-like pair: a parsed req.body and res.status/header/send/end.
function responseFor(res) {
    return {
        status(code) { res.statusCode = code; return this; },
        header(name, value) { res.setHeader(name, value); return this; },
        send(body) {
            if (body === undefined) return this;
            if (typeof body === 'string' || Buffer.isBuffer(body)) {
                res.write(body);
            } else {
                res.setHeader('Content-Type', 'application/json');
                res.write(JSON.stringify(body));
            }
            return this;
        },
        end() { if (!res.writableEnded) res.end(); return this; },
    };
}

const server = http.createServer((req, res) => {
    if (req.method !== 'POST' || req.url !== '/api/messages') {
        res.statusCode = 404;
        res.end();
        return;
    }

    const parts = [];
    req.on('data', (part) => parts.push(part));
    req.on('end', async () => {
        try {
            req.body = JSON.parse(Buffer.concat(parts).toString('utf8'));
        } catch {
            res.statusCode = 400;
            res.end();
            return;
        }

        try {
            await adapter.process(req, responseFor(res), logic);
        } catch (error) {
            console.error(`request error: ${error?.stack ?? error}`);
            if (!res.headersSent) res.statusCode = 500;
            if (!res.writableEnded) res.end();
        }
    });
});

server.listen(port, '127.0.0.1', () => {
    console.log(JSON.stringify({ ready: true, port: server.address().port }));
});

for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => process.exit(0));
}

// Started by `copilot bench` with stdin a pipe from it: when that process dies, however abruptly, the pipe closes
// and the bot goes with it.
if (fstatSync(0).isFIFO()) {
    process.stdin.on('end', () => process.exit(0));
    process.stdin.resume();
}
