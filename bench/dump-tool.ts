import { capabilities } from '../src/capabilities/index.js';
import { listToolsOf } from './lib/list-tools.js';
const names = process.argv.slice(2);
const tools = await listToolsOf(capabilities.filter((c) => names.includes(c.name)));
console.log(JSON.stringify(tools, null, 1));
