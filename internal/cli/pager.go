package cli

// paged runs print with stdout going through the pager on a terminal, when
// the output is longer than the screen (show, list, stats, search).
func paged(f deps, print func() error) error {
	f.IO.StartPager()
	err := print()
	if perr := f.IO.StopPager(); err == nil {
		err = perr
	}
	return err
}
