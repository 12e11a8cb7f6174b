package search

// derive fills the columns of a decoded core that are not saved because
// they follow from the saved ones.
func (c *core) derive() {
	c.caps = make([]uint8, len(c.ids))
	c.titleLens = make([][2]uint8, len(c.ids))
	for n := range c.caps {
		c.caps[n] = capOf(c.pops[n], c.years[n])
		c.titleLens[n] = titleLens(c.titleKeys[n], c.mainLens[n])
	}
	c.deriveColumns()
}

// titleLens returns the lengths of a title key and of its main title, at
// most 255: a query of another length cannot be the whole title.
func titleLens(key string, main uint16) [2]uint8 {
	return [2]uint8{uint8(min(len(key), 255)), uint8(min(main, 255))}
}
