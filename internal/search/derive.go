package search

// derive fills the columns of a decoded core that are not saved because
// they follow from the saved ones and from the branches' cities. The
// index may have been saved under another map of branches to cities (a
// branch added or moved while the server was down): recity mends the
// documents it differs for.
func (c *core) derive(branches map[string]string) {
	c.recity(branches)
	c.caps = make([]uint8, len(c.ids))
	c.titleLens = make([][2]uint8, len(c.ids))
	for n := range c.caps {
		c.caps[n] = capOf(c.pops[n], c.years[n])
		c.titleLens[n] = titleLensOf(c.titleKeys[n], c.mainLens[n])
	}
	c.deriveColumns()
}

// titleLensOf returns the lengths of a title key and of its main title, at
// most 255: a query of another length cannot be the whole title.
func titleLensOf(key string, main uint16) [2]uint8 {
	return [2]uint8{uint8(min(len(key), 255)), uint8(min(main, 255))}
}
