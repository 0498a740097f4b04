// Command kb-man writes kb's man pages into a folder: go run ./cmd/kb-man DIR.
// SOURCE_DATE_EPOCH, when set, dates them (reproducible builds).
package main

import (
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/kb-cli/kb/internal/manpages"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: kb-man DIR")
		os.Exit(2)
	}
	date := time.Now()
	if s, err := strconv.ParseInt(os.Getenv("SOURCE_DATE_EPOCH"), 10, 64); err == nil {
		date = time.Unix(s, 0).UTC()
	}
	if err := manpages.Write(os.Args[1], date); err != nil {
		fmt.Fprintln(os.Stderr, "kb-man: error:", err)
		os.Exit(1)
	}
	fmt.Println("man pages written to", os.Args[1])
}
