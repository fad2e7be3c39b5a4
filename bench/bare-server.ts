// The reference: a bare Fastify route with no plugins, database or authentication.
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/bare', async () => ({
  id: '00000000-0000-4000-8000-000000000000',
  name: 'bare',
  roles: ['analyst'],
}));
await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
const address = app.server.address();
process.stdout.write(
  `${JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 })}\n`,
);
