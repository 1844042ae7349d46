package dev.dxpy.site;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * Renders the docs site: {@code SiteGenerator SITE_DIR BENCHMARKS_MD OUT_DIR}. Each page is a Markdown file
 * of {@code site/} (benchmarks from {@code docs/benchmarks.md}; configuration generated), rendered with a
 * navigation bar; links to {@code .md} pages become links to the {@code .html} ones.
 */
public final class SiteGenerator {

    /** File name (without .md) to navigation title, in navigation order. */
    static final Map<String, String> PAGES = new LinkedHashMap<>();

    static {
        PAGES.put("index", "dxpy");
        PAGES.put("getting-started", "Getting started");
        PAGES.put("maven", "Maven");
        PAGES.put("configuration", "Configuration reference");
        PAGES.put("migrating", "Migrating from pytest");
        PAGES.put("python-api", "Python API");
        PAGES.put("import-graph", "Watch and change selection");
        PAGES.put("workers", "Workers and daemon");
        PAGES.put("architecture", "Architecture");
        PAGES.put("protocol", "Protocol");
        PAGES.put("index-format", "Index format");
        PAGES.put("benchmarks", "Benchmarks");
    }

    private static final List<org.commonmark.Extension> EXTENSIONS = List.of(TablesExtension.create());

    private SiteGenerator() {
    }

    public static void main(String[] args) throws Exception {
        generate(Path.of(args[0]), Path.of(args[1]), Path.of(args[2]));
    }

    static void generate(Path siteDir, Path benchmarks, Path out) throws Exception {
        Files.createDirectories(out);
        for (Map.Entry<String, String> page : PAGES.entrySet()) {
            String md = source(page.getKey(), siteDir, benchmarks);
            Files.writeString(out.resolve(page.getKey() + ".html"), html(page.getValue(), md), StandardCharsets.UTF_8);
        }
    }

    static String source(String page, Path siteDir, Path benchmarks) throws Exception {
        return switch (page) {
            case "configuration" -> {
                try (InputStream in = SiteGenerator.class.getResourceAsStream("/META-INF/maven/plugin.xml")) {
                    if (in == null) {
                        throw new IllegalStateException("META-INF/maven/plugin.xml is not on the class path:"
                                + " build dxpy-maven-plugin first (mvn -pl site -am package)");
                    }
                    yield ConfigReference.markdown(ConfigReference.read(in));
                }
            }
            case "benchmarks" -> Files.isRegularFile(benchmarks) ? Files.readString(benchmarks)
                    : "# Benchmarks\n\nNo figures recorded yet: `bench/bench.py` measures dx-py against pytest and"
                            + " writes them to `docs/benchmarks.md`.\n";
            default -> Files.readString(siteDir.resolve(page + ".md"));
        };
    }

    static String html(String title, String markdown) {
        String body = HtmlRenderer.builder().extensions(EXTENSIONS).build()
                .render(Parser.builder().extensions(EXTENSIONS).build().parse(markdown))
                .replaceAll("href=\"([\\w./-]+)\\.md(#[^\"]*)?\"", "href=\"$1.html$2\"");
        StringBuilder nav = new StringBuilder();
        PAGES.forEach((file, name) -> nav.append("<a href=\"").append(file).append(".html\">").append(name).append("</a> "));
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + title + " - dxpy</title>\n"
                + "<style>body{font-family:sans-serif;max-width:60em;margin:auto;padding:1em}nav a{margin-right:1em}"
                + "pre{background:#f4f4f4;padding:.5em;overflow:auto}table{border-collapse:collapse}"
                + "td,th{border:1px solid #ccc;padding:.2em .5em;vertical-align:top}</style></head>\n<body><nav>"
                + nav.toString().trim() + "</nav>\n<main>\n" + body + "</main></body></html>\n";
    }
}
