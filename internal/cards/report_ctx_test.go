package cards

func reportContext(c Card) string { return c.Breadcrumb() }
