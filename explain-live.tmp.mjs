import pg from 'pg';
const c = new pg.Client({ connectionString: 'postgresql://postgres@127.0.0.1:5432/anamnesis_bench_b5a13d96' }); await c.connect();
const logs = [];
c.on('notice', (n) => logs.push(n.message));
await c.query("LOAD 'auto_explain'"); await c.query("SET auto_explain.log_min_duration = 0"); await c.query("SET auto_explain.log_nested_statements = on"); await c.query("SET auto_explain.log_analyze = on"); await c.query("SET auto_explain.log_buffers = on"); await c.query("SET client_min_messages = log");
let shown = 0; for (let i = 0; i < 300; i++) { logs.length = 0; const r = await c.query('SELECT audit_sequence(2000) n'); 
if (r.rows[0].n > 5 && shown++ < 2) for (const l of logs) console.log(l.split('\n').filter(x => /duration|Scan|Insert|Delete|Trigger|Limit|Sort|Function|Query Text|Buffers|Heap/.test(x)).join('\n').slice(0, 1500), '\n---'); await new Promise(r => setTimeout(r, 15)); }
const s = await c.query("select n_dead_tup, n_live_tup, last_autovacuum from pg_stat_user_tables where relname='audit_pending'"); console.log(s.rows);
await c.end();
