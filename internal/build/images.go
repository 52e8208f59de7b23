package build

// images writes the resized copies of the site's JPEG and PNG images, which
// Markdown images offer in their srcset (render/images.go).
func (b *builder) images() error {
	files, err := b.r.Images(b.in.Static)
	if err != nil {
		return err
	}
	for _, f := range files {
		if err := b.target.WriteFile(f.Path, f.Data); err != nil {
			return err
		}
		b.check.AddFile(f.Path)
		b.count(&b.res.Files, len(f.Data))
	}
	return nil
}
