package diag

// Catalogue returns the Norwegian catalogue, English format → Norwegian.
func Catalogue() map[string]string { return norwegian }
