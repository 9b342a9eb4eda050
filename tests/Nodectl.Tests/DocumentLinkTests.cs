using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using Smile.Simulation.Place;
using Xunit;

namespace Smile.Nodectl.Tests
{
    /// <summary>
    /// The README is an entrance that sends its reader on to docs/, firmware/README.md, hardware/ and the bench results:
    /// a link to a moved or renamed file, or to a heading that was reworded, is a dead end the reader only finds by
    /// following it. Every relative link in every Markdown document of the repository must name an existing file or
    /// folder, and an #anchor must name a heading of the target (GitHub's heading ids).
    /// </summary>
    public class DocumentLinkTests
    {
        /// <summary>Folders that hold restored, built or generated files, not the project's own documents.</summary>
        private static readonly string[] SkippedFolders = { ".git", "bin", "obj", "node_modules", "packages", "TestResults", "artifacts" };

        [Fact]
        public void Every_relative_link_in_the_documents_resolves()
        {
            var documents = Documents(RepoPaths.Root).ToList();
            Assert.Contains(documents, d => Relative(d) == "README.md");
            Assert.Contains(documents, d => Relative(d) == "docs/operations.md");

            var broken = new List<string>();
            int checkedLinks = 0;
            foreach (string document in documents)
            {
                foreach (DocumentLink link in DocumentLinks.Relative(File.ReadAllText(document)))
                {
                    checkedLinks++;
                    string? problem = DocumentLinks.Problem(document, link.Target, RepoPaths.Root);
                    if (problem != null)
                    {
                        broken.Add(Relative(document) + ":" + link.Line + ": (" + link.Target + ") " + problem);
                    }
                }
            }

            Assert.True(broken.Count == 0, "broken links:\n" + string.Join("\n", broken));
            // The README alone links to every document under docs/: far more than this, unless the parser misses them.
            Assert.True(checkedLinks >= 30, "only " + checkedLinks + " links found");
        }

        [Fact]
        public void The_readme_links_every_document_under_docs()
        {
            string readme = File.ReadAllText(RepoPaths.Of("README.md"));
            var targets = DocumentLinks.Relative(readme).Select(l => l.Target.Split('#')[0]).ToHashSet();
            foreach (string document in Directory.GetFiles(RepoPaths.Of("docs"), "*.md"))
            {
                Assert.Contains("docs/" + Path.GetFileName(document), targets);
            }
        }

        [Fact]
        public void A_missing_file_a_missing_heading_and_a_link_out_of_the_repository_are_reported()
        {
            string root = Directory.CreateTempSubdirectory("smile-links-").FullName;
            try
            {
                Directory.CreateDirectory(Path.Combine(root, "docs"));
                File.WriteAllText(Path.Combine(root, "docs", "a.md"), "# A\n\n## The buffer's bounds, `MaxBytes`\n\n## Topics\n\n## Topics\n");
                string readme = Path.Combine(root, "README.md");

                Assert.Null(DocumentLinks.Problem(readme, "docs/a.md", root));
                Assert.Null(DocumentLinks.Problem(readme, "docs/", root));
                Assert.Null(DocumentLinks.Problem(readme, "docs/a.md#the-buffers-bounds-maxbytes", root));
                Assert.Null(DocumentLinks.Problem(readme, "docs/a.md#topics-1", root));
                Assert.Null(DocumentLinks.Problem(readme, "./docs/a.md#A", root));
                Assert.Equal("no such file or folder", DocumentLinks.Problem(readme, "docs/b.md", root));
                Assert.Equal("no heading #topics-2 in docs/a.md", DocumentLinks.Problem(readme, "docs/a.md#topics-2", root));
                Assert.Equal("outside the repository", DocumentLinks.Problem(readme, "../elsewhere.md", root));
            }
            finally
            {
                Directory.Delete(root, true);
            }
        }

        [Fact]
        public void Links_in_code_and_links_to_the_web_are_not_checked()
        {
            string text = "[a](https://example.org/x.md) `[b](missing.md)` [c](<docs/a b.md> \"title\") ![d](img.png)\n"
                + "```\n[e](in-a-fence.md)\n```\n[f](#here) <mailto:x@example.org> [g](mailto:x@example.org)\n";
            var targets = DocumentLinks.Relative(text).Select(l => l.Target).ToList();
            Assert.Equal(new[] { "docs/a b.md", "img.png", "#here" }, targets);
        }

        private static IEnumerable<string> Documents(string folder)
        {
            foreach (string file in Directory.GetFiles(folder, "*.md"))
            {
                yield return file;
            }

            foreach (string sub in Directory.GetDirectories(folder))
            {
                if (SkippedFolders.Contains(Path.GetFileName(sub)))
                {
                    continue;
                }

                foreach (string file in Documents(sub))
                {
                    yield return file;
                }
            }
        }

        private static string Relative(string path) => Path.GetRelativePath(RepoPaths.Root, path).Replace('\\', '/');
    }

    /// <summary>A link of a Markdown document: its target as written and the line it is on.</summary>
    public sealed record DocumentLink(string Target, int Line);

    /// <summary>Finds the relative links of a Markdown document and checks where they lead.</summary>
    public static class DocumentLinks
    {
        // [text](target) and ![alt](target); the text may hold one level of brackets, the target an optional title.
        private static readonly Regex InlineLink = new Regex(@"!?\[(?:[^\[\]]|\[[^\[\]]*\])*\]\(\s*(<[^>]*>|[^)\s]+)(?:\s+""[^""]*"")?\s*\)");
        private static readonly Regex CodeSpan = new Regex(@"(`+)[\s\S]*?\1");
        private static readonly Regex Heading = new Regex(@"^ {0,3}#{1,6}\s+(.*?)\s*#*\s*$");
        private static readonly Regex HtmlAnchor = new Regex(@"<a\s+(?:name|id)=""([^""]+)""", RegexOptions.IgnoreCase);
        private static readonly Regex Scheme = new Regex(@"^[a-zA-Z][a-zA-Z0-9+.-]*:");

        /// <summary>The links of <paramref name="markdown"/> that lead into the repository, outside code.</summary>
        public static IEnumerable<DocumentLink> Relative(string markdown)
        {
            string[] lines = markdown.Replace("\r", "").Split('\n');
            bool inFence = false;
            for (int i = 0; i < lines.Length; i++)
            {
                if (lines[i].TrimStart().StartsWith("```") || lines[i].TrimStart().StartsWith("~~~"))
                {
                    inFence = !inFence;
                    continue;
                }

                if (inFence)
                {
                    continue;
                }

                string prose = CodeSpan.Replace(lines[i], "");
                foreach (Match match in InlineLink.Matches(prose))
                {
                    string target = match.Groups[1].Value.Trim('<', '>');
                    if (!Scheme.IsMatch(target))
                    {
                        yield return new DocumentLink(target, i + 1);
                    }
                }
            }
        }

        /// <summary>Why <paramref name="target"/>, linked from <paramref name="document"/>, leads nowhere; null when it resolves.</summary>
        public static string? Problem(string document, string target, string root)
        {
            int hash = target.IndexOf('#');
            string path = Uri.UnescapeDataString(hash < 0 ? target : target.Substring(0, hash));
            string? anchor = hash < 0 ? null : target.Substring(hash + 1);

            string file = path.Length == 0 ? document : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(document)!, path));
            string fromRoot = Path.GetRelativePath(Path.GetFullPath(root), file);
            if (fromRoot.StartsWith("..") || Path.IsPathRooted(fromRoot))
            {
                return "outside the repository";
            }

            if (!File.Exists(file) && !Directory.Exists(file))
            {
                return "no such file or folder";
            }

            if (anchor == null)
            {
                return null;
            }

            if (!file.EndsWith(".md", StringComparison.OrdinalIgnoreCase) || !File.Exists(file))
            {
                return "an anchor into something that is no Markdown document";
            }

            return Anchors(File.ReadAllText(file)).Contains(anchor.ToLowerInvariant())
                ? null
                : "no heading #" + anchor + " in " + fromRoot.Replace('\\', '/');
        }

        /// <summary>The ids GitHub gives the headings of a document (repeats get -1, -2, ...), and explicit HTML anchors.</summary>
        public static HashSet<string> Anchors(string markdown)
        {
            var anchors = new HashSet<string>();
            var seen = new Dictionary<string, int>();
            bool inFence = false;
            foreach (string line in markdown.Replace("\r", "").Split('\n'))
            {
                if (line.TrimStart().StartsWith("```") || line.TrimStart().StartsWith("~~~"))
                {
                    inFence = !inFence;
                    continue;
                }

                if (inFence)
                {
                    continue;
                }

                foreach (Match html in HtmlAnchor.Matches(line))
                {
                    anchors.Add(html.Groups[1].Value.ToLowerInvariant());
                }

                Match heading = Heading.Match(line);
                if (!heading.Success)
                {
                    continue;
                }

                string slug = Slug(heading.Groups[1].Value);
                if (seen.TryGetValue(slug, out int count))
                {
                    seen[slug] = count + 1;
                    anchors.Add(slug + "-" + (count + 1));
                }
                else
                {
                    seen[slug] = 0;
                    anchors.Add(slug);
                }
            }

            return anchors;
        }

        /// <summary>GitHub's heading id: the text of the heading (links reduced to their text), lower case, without
        /// punctuation other than '-' and '_', each space a '-'.</summary>
        public static string Slug(string heading)
        {
            string text = Regex.Replace(heading, @"!?\[([^\]]*)\]\([^)]*\)", "$1");
            var slug = new StringBuilder();
            foreach (char c in text.ToLowerInvariant())
            {
                if (char.IsLetterOrDigit(c) || c == '-' || c == '_')
                {
                    slug.Append(c);
                }
                else if (c == ' ')
                {
                    slug.Append('-');
                }
            }

            return slug.ToString();
        }
    }
}
