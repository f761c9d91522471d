import { expect, test } from "bun:test";
import { html, raw } from "./html";

test("interpolated data is escaped, markup from html`` is not", () => {
  const name = `<script>alert("x")</script> & 'friends'`;
  const out = html`<p title="${name}">${name}</p>${html`<b>ok</b>`}${raw("<i>code</i>")}`.value;
  expect(out).toBe(
    `<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;friends&#39;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;friends&#39;</p><b>ok</b><i>code</i>`,
  );
});

test("arrays, numbers and empty values render as expected", () => {
  expect(html`${[1, "<", null, undefined, false, html`<br>`]}`.value).toBe("1&lt;<br>");
});
