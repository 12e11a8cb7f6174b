package sip2

// lines returns the AF and AG fields that end every response.
func lines(af, ag *[]string) []varField {
	return []varField{vList("AF", af), vList("AG", ag)}
}

// Code returns "94".
func (*LoginResponse) Code() string { return "94" }

func (m *LoginResponse) schema() schema {
	return schema{fixed: []fixedField{fOK("ok", &m.OK)}, extra: &m.Extra}
}

// Code returns "98".
func (*ACSStatus) Code() string { return "98" }

func (m *ACSStatus) schema() schema {
	return schema{
		fixed: []fixedField{fYN("online status", &m.OnlineStatus), fYN("checkin ok", &m.CheckinOK),
			fYN("checkout ok", &m.CheckoutOK), fYN("ACS renewal policy", &m.ACSRenewalPolicy),
			fYN("status update ok", &m.StatusUpdateOK), fYN("off-line ok", &m.OfflineOK),
			fNum("timeout period", 3, &m.TimeoutPeriod), fNum("retries allowed", 3, &m.RetriesAllowed),
			fDate("date/time sync", &m.DateTimeSync), fStr("protocol version", 4, &m.ProtocolVersion)},
		vars: append([]varField{vStr("AO", &m.InstitutionID, true), vStr("AM", &m.LibraryName, false),
			vSupported(&m.Supported), vStr("AN", &m.TerminalLocation, false)},
			lines(&m.ScreenMessage, &m.PrintLine)...),
		extra: &m.Extra,
	}
}

// Code returns "24".
func (*PatronStatusResponse) Code() string { return "24" }

func (m *PatronStatusResponse) schema() schema {
	return schema{
		fixed: []fixedField{fPatronStatus(&m.Status), fNum("language", 3, &m.Language),
			fDate("transaction date", &m.TransactionDate)},
		vars: append([]varField{vStr("AO", &m.InstitutionID, true), vStr("AA", &m.PatronID, true),
			vStr("AE", &m.PersonalName, true), vYN("BL", &m.ValidPatron, true),
			vYN("CQ", &m.ValidPassword, true), vCode("BH", 3, &m.Currency),
			vStr("BV", &m.FeeAmount, false)},
			lines(&m.ScreenMessage, &m.PrintLine)...),
		extra: &m.Extra,
	}
}

// Code returns "64".
func (*PatronInformationResponse) Code() string { return "64" }

func (m *PatronInformationResponse) schema() schema {
	return schema{
		fixed: []fixedField{fPatronStatus(&m.Status), fNum("language", 3, &m.Language),
			fDate("transaction date", &m.TransactionDate),
			fNum("hold items count", 4, &m.HoldItemsCount), fNum("overdue items count", 4, &m.OverdueItemsCount),
			fNum("charged items count", 4, &m.ChargedItemsCount), fNum("fine items count", 4, &m.FineItemsCount),
			fNum("recall items count", 4, &m.RecallItemsCount),
			fNum("unavailable holds count", 4, &m.UnavailableHoldsCount)},
		vars: append([]varField{vStr("AO", &m.InstitutionID, true), vStr("AA", &m.PatronID, true),
			vStr("AE", &m.PersonalName, true), vNum("BZ", 4, &m.HoldItemsLimit),
			vNum("CA", 4, &m.OverdueItemsLimit), vNum("CB", 4, &m.ChargedItemsLimit),
			vYN("BL", &m.ValidPatron, true), vYN("CQ", &m.ValidPassword, true),
			vCode("BH", 3, &m.Currency), vStr("BV", &m.FeeAmount, false), vStr("CC", &m.FeeLimit, false),
			vList("AS", &m.HoldItems), vList("AT", &m.OverdueItems), vList("AU", &m.ChargedItems),
			vList("AV", &m.FineItems), vList("BU", &m.RecallItems), vList("CD", &m.UnavailableHoldItems),
			vStr("BD", &m.HomeAddress, false), vStr("BE", &m.Email, false), vStr("BF", &m.HomePhone, false)},
			lines(&m.ScreenMessage, &m.PrintLine)...),
		extra: &m.Extra,
	}
}

// Code returns "12".
func (*CheckoutResponse) Code() string { return "12" }

func (m *CheckoutResponse) schema() schema { return circulationSchema(m) }

// Code returns "30".
func (*RenewResponse) Code() string { return "30" }

func (m *RenewResponse) schema() schema { return circulationSchema((*CheckoutResponse)(m)) }

// circulationSchema is the layout shared by messages 12 and 30.
func circulationSchema(m *CheckoutResponse) schema {
	return schema{
		fixed: []fixedField{fOK("ok", &m.OK), fYN("renewal ok", &m.RenewalOK),
			fTri("magnetic media", &m.MagneticMedia), fTri("desensitize", &m.Desensitize),
			fDate("transaction date", &m.TransactionDate)},
		vars: append([]varField{vStr("AO", &m.InstitutionID, true), vStr("AA", &m.PatronID, true),
			vStr("AB", &m.ItemID, true), vStr("AJ", &m.TitleID, true), vStr("AH", &m.DueDate, true),
			vCode("BT", 2, &m.FeeType), vYN("CI", &m.SecurityInhibit, false),
			vCode("BH", 3, &m.Currency), vStr("BV", &m.FeeAmount, false), vCode("CK", 3, &m.MediaType),
			vStr("CH", &m.ItemProperties, false), vStr("BK", &m.TransactionID, false)},
			lines(&m.ScreenMessage, &m.PrintLine)...),
		extra: &m.Extra,
	}
}

// Code returns "10".
func (*CheckinResponse) Code() string { return "10" }

func (m *CheckinResponse) schema() schema {
	return schema{
		fixed: []fixedField{fOK("ok", &m.OK), fYN("resensitize", &m.Resensitize),
			fTri("magnetic media", &m.MagneticMedia), fYN("alert", &m.Alert),
			fDate("transaction date", &m.TransactionDate)},
		vars: append([]varField{vStr("AO", &m.InstitutionID, true), vStr("AB", &m.ItemID, true),
			vStr("AQ", &m.PermanentLocation, true), vStr("AJ", &m.TitleID, false),
			vStr("CL", &m.SortBin, false), vStr("AA", &m.PatronID, false), vCode("CK", 3, &m.MediaType),
			vStr("CH", &m.ItemProperties, false)},
			lines(&m.ScreenMessage, &m.PrintLine)...),
		extra: &m.Extra,
	}
}

// Code returns "18".
func (*ItemInformationResponse) Code() string { return "18" }

func (m *ItemInformationResponse) schema() schema {
	return schema{
		fixed: []fixedField{fNum("circulation status", 2, &m.CirculationStatus),
			fNum("security marker", 2, &m.SecurityMarker), fNum("fee type", 2, &m.FeeType),
			fDate("transaction date", &m.TransactionDate)},
		vars: append([]varField{vStr("CF", &m.HoldQueueLength, false), vStr("AH", &m.DueDate, false),
			vDate("CJ", &m.RecallDate), vDate("CM", &m.HoldPickupDate),
			vStr("AB", &m.ItemID, true), vStr("AJ", &m.TitleID, true), vStr("BG", &m.Owner, false),
			vCode("BH", 3, &m.Currency), vStr("BV", &m.FeeAmount, false), vCode("CK", 3, &m.MediaType),
			vStr("AQ", &m.PermanentLocation, false), vStr("AP", &m.CurrentLocation, false),
			vStr("CH", &m.ItemProperties, false)},
			lines(&m.ScreenMessage, &m.PrintLine)...),
		extra: &m.Extra,
	}
}

// Code returns "20".
func (*ItemStatusUpdateResponse) Code() string { return "20" }

func (m *ItemStatusUpdateResponse) schema() schema {
	return schema{
		fixed: []fixedField{fOK("item properties ok", &m.PropertiesOK), fDate("transaction date", &m.TransactionDate)},
		vars: append([]varField{vStr("AB", &m.ItemID, true), vStr("AJ", &m.TitleID, false),
			vStr("CH", &m.ItemProperties, false)},
			lines(&m.ScreenMessage, &m.PrintLine)...),
		extra: &m.Extra,
	}
}

// Code returns "66".
func (*RenewAllResponse) Code() string { return "66" }

func (m *RenewAllResponse) schema() schema {
	return schema{
		fixed: []fixedField{fOK("ok", &m.OK), fNum("renewed count", 4, &m.RenewedCount),
			fNum("unrenewed count", 4, &m.UnrenewedCount), fDate("transaction date", &m.TransactionDate)},
		vars: append([]varField{vStr("AO", &m.InstitutionID, true),
			vList("BM", &m.RenewedItems), vList("BN", &m.UnrenewedItems)},
			lines(&m.ScreenMessage, &m.PrintLine)...),
		extra: &m.Extra,
	}
}

// Code returns "38".
func (*FeePaidResponse) Code() string { return "38" }

func (m *FeePaidResponse) schema() schema {
	return schema{
		fixed: []fixedField{fYN("payment accepted", &m.PaymentAccepted), fDate("transaction date", &m.TransactionDate)},
		vars: append([]varField{vStr("AO", &m.InstitutionID, true), vStr("AA", &m.PatronID, true),
			vStr("BK", &m.TransactionID, false)},
			lines(&m.ScreenMessage, &m.PrintLine)...),
		extra: &m.Extra,
	}
}

// Code returns "36".
func (*EndSessionResponse) Code() string { return "36" }

func (m *EndSessionResponse) schema() schema {
	return schema{
		fixed: []fixedField{fYN("end session", &m.EndSession), fDate("transaction date", &m.TransactionDate)},
		vars: append([]varField{vStr("AO", &m.InstitutionID, true), vStr("AA", &m.PatronID, true)},
			lines(&m.ScreenMessage, &m.PrintLine)...),
		extra: &m.Extra,
	}
}

// Code returns "26".
func (*PatronEnableResponse) Code() string { return "26" }

func (m *PatronEnableResponse) schema() schema {
	return schema{
		fixed: []fixedField{fPatronStatus(&m.Status), fNum("language", 3, &m.Language),
			fDate("transaction date", &m.TransactionDate)},
		vars: append([]varField{vStr("AO", &m.InstitutionID, true), vStr("AA", &m.PatronID, true),
			vStr("AE", &m.PersonalName, true), vYN("BL", &m.ValidPatron, true),
			vYN("CQ", &m.ValidPassword, true)},
			lines(&m.ScreenMessage, &m.PrintLine)...),
		extra: &m.Extra,
	}
}

// Code returns "16".
func (*HoldResponse) Code() string { return "16" }

func (m *HoldResponse) schema() schema {
	return schema{
		fixed: []fixedField{fOK("ok", &m.OK), fYN("available", &m.Available),
			fDate("transaction date", &m.TransactionDate)},
		vars: append([]varField{vDate("BW", &m.ExpirationDate), vStr("BR", &m.QueuePosition, false),
			vStr("BS", &m.PickupLocation, false), vStr("AO", &m.InstitutionID, true),
			vStr("AA", &m.PatronID, true), vStr("AB", &m.ItemID, false), vStr("AJ", &m.TitleID, false)},
			lines(&m.ScreenMessage, &m.PrintLine)...),
		extra: &m.Extra,
	}
}

// Code returns "96".
func (*RequestSCResend) Code() string { return "96" }

func (m *RequestSCResend) schema() schema { return schema{extra: &m.Extra} }
