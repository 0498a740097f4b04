package importer

import (
	"errors"
	"strings"
	"testing"
)

func TestParseAnkiHeader(t *testing.T) {
	h, err := parseAnkiHeader("#separator:tab\n#html:true\n#notetype column:1\n#deck column:2\n#tags column:5\n#tags:imported extra\nBasic\tDeck\tQ\tA\ttag\n")
	if err != nil {
		t.Fatal(err)
	}
	if h.Sep != '\t' || !h.HTML || h.NotetypeCol != 1 || h.DeckCol != 2 || h.TagsCol != 5 || h.Lines != 6 || strings.Join(h.Tags, " ") != "imported extra" {
		t.Fatalf("header = %+v", h)
	}
	h, err = parseAnkiHeader("#separator:Semicolon\n#html:false\n#deck:일본어::N3\nQ;A\n")
	if err != nil || h.Sep != ';' || h.HTML || h.Deck != "일본어::N3" || h.Lines != 3 {
		t.Fatalf("header = %+v, %v", h, err)
	}
	h, err = parseAnkiHeader("Q\tA\n")
	if err != nil || h.Sep != '\t' || !h.HTML || h.Lines != 0 {
		t.Fatalf("no header = %+v, %v", h, err)
	}
	for in, msg := range map[string]string{
		"#separator:tab\n#tags column:x\n": "line 2: #tags column: \"x\" is not a column number",
		"#separator:\"\n":                  "line 1: #separator:",
		"#html:maybe\n":                    "line 1: #html:",
		"#just a comment\n":                "line 1: \"#just a comment\" is not a #key:value header line",
		"#deck column:0\n":                 "line 1: #deck column",
	} {
		_, err := parseAnkiHeader(in)
		var he *HeaderError
		if !errors.As(err, &he) || !strings.HasPrefix(err.Error(), msg) {
			t.Errorf("parseAnkiHeader(%q) = %v, want %s...", in, err, msg)
		}
	}
}

func TestHTMLToMarkdown(t *testing.T) {
	for in, want := range map[string]string{
		"TCP<br>UDP":                                    "TCP\nUDP",
		"<b>굵게</b> and <i>기울임</i>":                      "**굵게** and *기울임*",
		"<div>one</div><div>two</div>":                  "one\n\ntwo",
		"<ul><li>a</li><li>b</li></ul>":                 "- a\n- b",
		`<a href="https://x.io/a?b=1&amp;c=2">link</a>`: "[link](https://x.io/a?b=1&c=2)",
		`<img src="my pic.png">`:                        "![](my%20pic.png)",
		"<code>ls -l</code> &lt;dir&gt;&nbsp;ok":        "`ls -l` <dir> ok",
		"<pre><code>a\nb</code></pre>":                  "```\na\nb\n```",
		"<span style=\"color: red\">빨강</span>":          "빨강",
	} {
		if got := htmlToMarkdown(in); got != want {
			t.Errorf("htmlToMarkdown(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestAnkiToCard(t *testing.T) {
	c, ok := ankiToCard([]string{"{{c1::TCP::protocol}} is connection-oriented, {{c2::UDP}} is not"}, true)
	if !ok || c.Q != "[protocol] is connection-oriented, [...] is not" || c.A != "**TCP** is connection-oriented, **UDP** is not" {
		t.Fatalf("cloze = %+v", c)
	}
	if _, ok := ankiToCard([]string{"only a front"}, true); ok {
		t.Fatal("a card without an answer")
	}
	body := deckBody([]ankiCard{{Q: "질문\n\n둘째 줄", A: "# 제목\nQ: 아님\n\n끝"}})
	want := "Q: 질문\n둘째 줄\nA: # 제목\n\\Q: 아님\n끝\n"
	if body != want {
		t.Fatalf("deckBody = %q, want %q", body, want)
	}
}

// FuzzAnkiHeader: any text is read without a panic, and what is read is
// usable: a separator csv accepts, column numbers from 1, header lines that
// exist.
func FuzzAnkiHeader(f *testing.F) {
	for _, s := range []string{"#separator:tab\n#html:true\n#tags column:3\nq\ta\tt\n", "#separator:,\n", "#deck:a::b\n#tags:x y\n", "#\n", "#:\n", "no header"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		h, err := parseAnkiHeader(text)
		if err != nil {
			var he *HeaderError
			if !errors.As(err, &he) || he.Line < 1 {
				t.Fatalf("error without a line: %v", err)
			}
			return
		}
		if h.Sep == '"' || h.Sep == '\n' || h.Sep == '\r' || h.Sep == 0xFFFD {
			t.Fatalf("separator %q", h.Sep)
		}
		for _, c := range []int{h.TagsCol, h.DeckCol, h.NotetypeCol, h.GUIDCol} {
			if c < 0 || c > 1000 {
				t.Fatalf("column %d", c)
			}
		}
		if h.Lines > strings.Count(text, "\n")+1 {
			t.Fatalf("%d header lines in %q", h.Lines, text)
		}
	})
}
