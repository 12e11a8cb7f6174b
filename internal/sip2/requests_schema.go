package sip2

// Code returns "93".
func (*Login) Code() string { return "93" }

func (m *Login) schema() schema {
	return schema{
		fixed: []fixedField{fChar("UID algorithm", &m.UIDAlgorithm, '0'), fChar("PWD algorithm", &m.PWDAlgorithm, '0')},
		vars:  []varField{vStr("CN", &m.UserID, true), vStr("CO", &m.Password, true), vStr("CP", &m.Location, false)},
		extra: &m.Extra,
	}
}

// Code returns "99".
func (*SCStatus) Code() string { return "99" }

func (m *SCStatus) schema() schema {
	return schema{
		fixed: []fixedField{fChar("status code", &m.Status, '0'), fNum("max print width", 3, &m.MaxPrintWidth),
			fStr("protocol version", 4, &m.ProtocolVersion)},
		extra: &m.Extra,
	}
}

// Code returns "23".
func (*PatronStatusRequest) Code() string { return "23" }

func (m *PatronStatusRequest) schema() schema {
	return schema{
		fixed: []fixedField{fNum("language", 3, &m.Language), fDate("transaction date", &m.TransactionDate)},
		vars: []varField{vStr("AO", &m.InstitutionID, true), vStr("AA", &m.PatronID, true),
			vStr("AC", &m.TerminalPassword, true), vStr("AD", &m.PatronPassword, true)},
		extra: &m.Extra,
	}
}

// Code returns "63".
func (*PatronInformationRequest) Code() string { return "63" }

func (m *PatronInformationRequest) schema() schema {
	return schema{
		fixed: []fixedField{fNum("language", 3, &m.Language), fDate("transaction date", &m.TransactionDate),
			fSummary(&m.Summary)},
		vars: []varField{vStr("AO", &m.InstitutionID, true), vStr("AA", &m.PatronID, true),
			vStr("AC", &m.TerminalPassword, false), vStr("AD", &m.PatronPassword, false),
			vStr("BP", &m.StartItem, false), vStr("BQ", &m.EndItem, false)},
		extra: &m.Extra,
	}
}

// Code returns "11".
func (*Checkout) Code() string { return "11" }

func (m *Checkout) schema() schema {
	return schema{
		fixed: []fixedField{fYN("SC renewal policy", &m.SCRenewalPolicy), fYN("no block", &m.NoBlock),
			fDate("transaction date", &m.TransactionDate), fDate("nb due date", &m.NBDueDate)},
		vars: []varField{vStr("AO", &m.InstitutionID, true), vStr("AA", &m.PatronID, true),
			vStr("AB", &m.ItemID, true), vStr("AC", &m.TerminalPassword, true),
			vStr("CH", &m.ItemProperties, false), vStr("AD", &m.PatronPassword, false),
			vYN("BO", &m.FeeAcknowledged, false), vYN("BI", &m.Cancel, false)},
		extra: &m.Extra,
	}
}

// Code returns "09".
func (*Checkin) Code() string { return "09" }

func (m *Checkin) schema() schema {
	return schema{
		fixed: []fixedField{fYN("no block", &m.NoBlock), fDate("transaction date", &m.TransactionDate),
			fDate("return date", &m.ReturnDate)},
		vars: []varField{vStr("AP", &m.CurrentLocation, true), vStr("AO", &m.InstitutionID, true),
			vStr("AB", &m.ItemID, true), vStr("AC", &m.TerminalPassword, true),
			vStr("CH", &m.ItemProperties, false), vYN("BI", &m.Cancel, false)},
		extra: &m.Extra,
	}
}

// Code returns "17".
func (*ItemInformationRequest) Code() string { return "17" }

func (m *ItemInformationRequest) schema() schema {
	return schema{
		fixed: []fixedField{fDate("transaction date", &m.TransactionDate)},
		vars: []varField{vStr("AO", &m.InstitutionID, true), vStr("AB", &m.ItemID, true),
			vStr("AC", &m.TerminalPassword, false)},
		extra: &m.Extra,
	}
}

// Code returns "19".
func (*ItemStatusUpdate) Code() string { return "19" }

func (m *ItemStatusUpdate) schema() schema {
	return schema{
		fixed: []fixedField{fDate("transaction date", &m.TransactionDate)},
		vars: []varField{vStr("AO", &m.InstitutionID, true), vStr("AB", &m.ItemID, true),
			vStr("AC", &m.TerminalPassword, false), vStr("CH", &m.ItemProperties, true)},
		extra: &m.Extra,
	}
}

// Code returns "29".
func (*Renew) Code() string { return "29" }

func (m *Renew) schema() schema {
	return schema{
		fixed: []fixedField{fYN("third party allowed", &m.ThirdPartyAllowed), fYN("no block", &m.NoBlock),
			fDate("transaction date", &m.TransactionDate), fDate("nb due date", &m.NBDueDate)},
		vars: []varField{vStr("AO", &m.InstitutionID, true), vStr("AA", &m.PatronID, true),
			vStr("AD", &m.PatronPassword, false), vStr("AB", &m.ItemID, false),
			vStr("AJ", &m.TitleID, false), vStr("AC", &m.TerminalPassword, false),
			vStr("CH", &m.ItemProperties, false), vYN("BO", &m.FeeAcknowledged, false)},
		extra: &m.Extra,
	}
}

// Code returns "65".
func (*RenewAll) Code() string { return "65" }

func (m *RenewAll) schema() schema {
	return schema{
		fixed: []fixedField{fDate("transaction date", &m.TransactionDate)},
		vars: []varField{vStr("AO", &m.InstitutionID, true), vStr("AA", &m.PatronID, true),
			vStr("AD", &m.PatronPassword, false), vStr("AC", &m.TerminalPassword, false),
			vYN("BO", &m.FeeAcknowledged, false)},
		extra: &m.Extra,
	}
}

// Code returns "37".
func (*FeePaid) Code() string { return "37" }

func (m *FeePaid) schema() schema {
	return schema{
		fixed: []fixedField{fDate("transaction date", &m.TransactionDate), fNum("fee type", 2, &m.FeeType),
			fNum("payment type", 2, &m.PaymentType), fStr("currency type", 3, &m.Currency)},
		vars: []varField{vStr("BV", &m.FeeAmount, true), vStr("AO", &m.InstitutionID, true),
			vStr("AA", &m.PatronID, true), vStr("AC", &m.TerminalPassword, false),
			vStr("AD", &m.PatronPassword, false), vStr("CG", &m.FeeID, false),
			vStr("BK", &m.TransactionID, false)},
		extra: &m.Extra,
	}
}

// Code returns "35".
func (*EndPatronSession) Code() string { return "35" }

func (m *EndPatronSession) schema() schema {
	return schema{
		fixed: []fixedField{fDate("transaction date", &m.TransactionDate)},
		vars: []varField{vStr("AO", &m.InstitutionID, true), vStr("AA", &m.PatronID, true),
			vStr("AC", &m.TerminalPassword, false), vStr("AD", &m.PatronPassword, false)},
		extra: &m.Extra,
	}
}

// Code returns "01".
func (*BlockPatron) Code() string { return "01" }

func (m *BlockPatron) schema() schema {
	return schema{
		fixed: []fixedField{fYN("card retained", &m.CardRetained), fDate("transaction date", &m.TransactionDate)},
		vars: []varField{vStr("AO", &m.InstitutionID, true), vStr("AL", &m.BlockedCardMessage, true),
			vStr("AA", &m.PatronID, true), vStr("AC", &m.TerminalPassword, true)},
		extra: &m.Extra,
	}
}

// Code returns "25".
func (*PatronEnable) Code() string { return "25" }

func (m *PatronEnable) schema() schema {
	return schema{
		fixed: []fixedField{fDate("transaction date", &m.TransactionDate)},
		vars: []varField{vStr("AO", &m.InstitutionID, true), vStr("AA", &m.PatronID, true),
			vStr("AC", &m.TerminalPassword, false), vStr("AD", &m.PatronPassword, false)},
		extra: &m.Extra,
	}
}

// Code returns "15".
func (*Hold) Code() string { return "15" }

func (m *Hold) schema() schema {
	return schema{
		fixed: []fixedField{fChar("hold mode", &m.Mode, HoldAdd), fDate("transaction date", &m.TransactionDate)},
		vars: []varField{vDate("BW", &m.ExpirationDate), vStr("BS", &m.PickupLocation, false),
			vCode("BY", 1, &m.HoldType), vStr("AO", &m.InstitutionID, true),
			vStr("AA", &m.PatronID, true), vStr("AD", &m.PatronPassword, false),
			vStr("AB", &m.ItemID, false), vStr("AJ", &m.TitleID, false),
			vStr("AC", &m.TerminalPassword, false), vYN("BO", &m.FeeAcknowledged, false)},
		extra: &m.Extra,
	}
}

// Code returns "97".
func (*RequestACSResend) Code() string { return "97" }

func (m *RequestACSResend) schema() schema { return schema{extra: &m.Extra} }
