// A front end's issue page built from the generated client (openapi-typescript types,
// openapi-fetch calls), compiled with `tsc --strict` in CI (.ci/schema-checks): a change of the
// API's schema that breaks this code breaks the build. Run it with node against a server to
// print the 目录 and the masthead of 2025·3: `node build/read_issue.js http://127.0.0.1:8000`.
import createClient from "openapi-fetch";
import type { components, paths } from "./schema";

type Toc = components["schemas"]["Toc"];
type Masthead = components["schemas"]["Masthead"];
type ApiError = components["schemas"]["Error"];

const ISSUE = "/api/v1/periodicals/{periodical_slug}/issues/{year}/{number}/";

export function tocLines(toc: Toc): string[] {
  const lines = [`${toc.issue.periodical.name} ${toc.issue.label}`];
  for (const section of toc.sections) {
    lines.push(section.column.name);
    for (const entry of section.entries) {
      const authors = entry.authors.map((author) => author.name).join(" ");
      const page = entry.page === null ? "" : String(entry.page);
      lines.push(`  ${page} ${entry.title} ${authors}${entry.and_others ? " 等" : ""}`);
    }
  }
  return lines;
}

export function mastheadLines(masthead: Masthead): string[] {
  const lines = masthead.roles.map(
    (role) => `${role.role} ${role.people.map((person) => person.name).join(" ")}`,
  );
  // Nullable in the schema, so the compiler makes us look before we use them.
  const photographer = masthead.cover.photographer;
  lines.push(`封面 ${masthead.cover.caption} ${photographer === null ? "" : photographer.name}`);
  lines.push(`封面图片 ${masthead.cover.image ?? "（无）"}`);
  lines.push(`条码 ${masthead.barcode === null ? "（无）" : masthead.barcode.ean13}`);
  return lines;
}

function explain(error: ApiError): string {
  const fields = error.fields === undefined ? "" : ` ${JSON.stringify(error.fields)}`;
  return `${error.code}: ${error.detail}${fields}`;
}

export async function main(baseUrl: string): Promise<number> {
  // No token: the schema says public reads are anonymous.
  const client = createClient<paths>({ baseUrl });
  const path = { periodical_slug: "dangyuan-zhiyou", year: 2025, number: 3 };
  const toc = await client.GET(`${ISSUE}toc/`, { params: { path } });
  if (toc.error !== undefined) {
    console.error(explain(toc.error));
    return 1;
  }
  const etag = toc.response.headers.get("ETag") ?? "";
  const again = await client.GET(`${ISSUE}toc/`, {
    params: { path, header: { "If-None-Match": etag } },
  });
  const masthead = await client.GET(`${ISSUE}masthead/`, { params: { path } });
  if (masthead.error !== undefined) {
    console.error(explain(masthead.error));
    return 1;
  }
  const articles = await client.GET("/api/v1/articles/", {
    params: { query: { issue: toc.data.issue.id, ordering: ["page", "-id"], page_size: 5 } },
  });
  if (articles.error !== undefined) {
    console.error(explain(articles.error));
    return 1;
  }
  const missing = await client.GET("/api/v1/issues/{id}/", { params: { path: { id: 999999 } } });
  for (const line of [...tocLines(toc.data), ...mastheadLines(masthead.data)]) {
    console.log(line);
  }
  console.log(`conditional GET: ${again.response.status}`);
  console.log(`articles: ${articles.data.count}, first page ${articles.data.results.length}`);
  console.log(`missing issue: ${missing.response.status} ${missing.error ? explain(missing.error) : ""}`);
  return 0;
}

const base = process.argv[2];
if (base !== undefined) {
  main(base).then((code) => process.exit(code));
}
