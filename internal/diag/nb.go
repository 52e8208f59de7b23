package diag

var norwegian = map[string]string{}
