package diag

import (
	"fmt"
	"io"
	"strings"
)

// FormatGitHub writes problems as GitHub Actions workflow commands,
//
//	::error file=content/om.md,line=3,col=1::unknown key "tittel"; did you mean "title"?
//
// so that a check run in CI shows each problem on the line of the pull request
// it is about, in language l. A problem in a file always has a line: line 1
// when its line is not known, since GitHub shows an annotation without a line
// on no line at all. A problem without a file is written without one.
func FormatGitHub(w io.Writer, problems List, l Lang) error {
	for _, p := range problems {
		var props []string
		if p.Path != "" {
			props = append(props, "file="+escapeProperty(p.Path), fmt.Sprintf("line=%d", max(p.Line, 1)))
			if p.Line > 0 && p.Col > 0 {
				props = append(props, fmt.Sprintf("col=%d", p.Col))
			}
		}
		cmd := "::error"
		if len(props) > 0 {
			cmd += " " + strings.Join(props, ",")
		}
		if _, err := fmt.Fprintf(w, "%s::%s\n", cmd, escapeData(p.Text(l))); err != nil {
			return err
		}
	}
	return nil
}

// escapeData escapes the message of a workflow command.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// escapeProperty escapes a property value of a workflow command.
func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
