// Prints a workflow file as JSON, so the Pester tests can read what each job runs.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

const [path] = process.argv.slice(2);
process.stdout.write(JSON.stringify(parse(readFileSync(path, 'utf8'))));
