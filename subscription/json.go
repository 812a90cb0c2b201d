package subscription

import (
	"errors"
	"strconv"
	"time"

	"github.com/billingkit/billingkit/internal/stripejson"
	"github.com/billingkit/billingkit/internal/totals"
	"github.com/billingkit/billingkit/invoice"
	"github.com/billingkit/billingkit/pricing"
)

// The codecs of the package's objects, through the module's one codec kit
// (internal/stripejson, whose package doc states the rule). Built in Go,
// Subscription, Item and Schedule marshal in the shapes of Stripe's API
// 2025-08-27.basil: the keys this package models carry its values, the
// others (the *Defaults members) the values Stripe gives a new object.
// Decoded, they keep every key they carried, modelled or not, at every
// level: an object of any API version (the 2023 shapes with a
// subscription's current_period_start, a newer one's billing_schedules)
// decodes and encodes back to the same JSON.
//
// Readings particular to these objects:
//   - A subscription's (and an item's) discounts are written as ids when the
//     value was built in Go, as Stripe returns them unexpanded; a decoded
//     value writes each discount as it came (an id, or the object), and one
//     added in Go in full.
//   - An item's (and a phase item's) tax_rates: null is a nil TaxRates ("the
//     subscription's default_tax_rates"), [] an empty, non-nil one; each
//     encodes back as it came, and a nil TaxRates built in Go writes null.
//   - An item's plan is Stripe's legacy view of its price: built in Go it is
//     derived with pricing.PriceToPlan (null for a one-time price); decoded,
//     the plan it carried is kept as it came.
//   - billing_mode: a null or absent billing_mode, or a "" BillingMode, is
//     classic; a value built in Go writes {"type":"classic"}.

// ErrInvalidJSON is wrapped (through a *FieldError naming the field) by
// every decoding error of the package's objects and of a Change: malformed
// JSON, a value of the wrong JSON type, a time outside the years 1970 to
// 9999, a key differing from a modelled one only in case, and, for a
// Change, a parameter it does not apply or a proration_behavior other than
// create_prorations, always_invoice and none.
var ErrInvalidJSON = errors.New("subscription: invalid json")

// decodeJSON decodes b into *v with decode (JSON null leaves *v unchanged;
// an error leaves it unchanged too).
func decodeJSON[T any](b []byte, object string, v *T, decode func(*T, *stripejson.Decoder)) error {
	return stripejson.Decode(b, ErrInvalidJSON, object, v, decode)
}

// decodeItemPrice reads a price object, or a bare price id (Price.ID only).
func decodeItemPrice(d *stripejson.Decoder, p *pricing.Price) {
	switch {
	case d.IsNull():
		*p = pricing.Price{}
	case d.Kind() == "a string":
		*p = pricing.Price{ID: d.String()}
	default:
		d.Value(p)
	}
}

// priceIsObject reports whether p holds more than an id (it was decoded
// from, or built as, a price object).
func priceIsObject(p *pricing.Price) bool {
	return p.Currency != "" || p.Type != "" || p.Recurring != nil || p.Product != "" || p.UnitAmount != nil
}

func appendItemPlan(p *pricing.Plan, b []byte, err *error) []byte {
	return stripejson.AppendMarshaler(b, p, err)
}

func appendInvoiceJSON(inv *invoice.Invoice, b []byte, err *error) []byte {
	return stripejson.AppendMarshaler(b, inv, err)
}

// ---- subscription ----

var subscriptionKeys = stripejson.NewKeys("id", "object", "billing_cycle_anchor", "billing_cycle_anchor_config",
	"billing_mode", "cancel_at", "cancel_at_period_end", "canceled_at", "collection_method", "created", "currency",
	"customer", "days_until_due", "default_tax_rates", "description", "discounts", "ended_at", "items",
	"latest_invoice", "livemode", "metadata", "schedule", "start_date", "status", "trial_end", "trial_start")

const (
	subID = iota
	subObject
	subBillingCycleAnchor
	subAnchorConfig
	subBillingMode
	subCancelAt
	subCancelAtPeriodEnd
	subCanceledAt
	subCollectionMethod
	subCreated
	subCurrency
	subCustomer
	subDaysUntilDue
	subDefaultTaxRates
	subDescription
	subDiscounts
	subEndedAt
	subItems
	subLatestInvoice
	subLivemode
	subMetadata
	subSchedule
	subStartDate
	subStatus
	subTrialEnd
	subTrialStart
)

// subscriptionDefaults are the members of a new basil subscription this
// package does not model.
const subscriptionDefaults = `"application":null,"application_fee_percent":null,` +
	`"automatic_tax":{"disabled_reason":null,"enabled":false,"liability":null},"billing_thresholds":null,` +
	`"cancellation_details":{"comment":null,"feedback":null,"reason":null},"default_payment_method":null,` +
	`"default_source":null,"invoice_settings":{"account_tax_ids":null,"issuer":{"type":"self"}},` +
	`"next_pending_invoice_item_invoice":null,"on_behalf_of":null,"pause_collection":null,` +
	`"payment_settings":{"payment_method_options":null,"payment_method_types":null,"save_default_payment_method":"off"},` +
	`"pending_invoice_item_interval":null,"pending_setup_intent":null,"pending_update":null,"test_clock":null,` +
	`"transfer_data":null,"trial_settings":{"end_behavior":{"missing_payment_method":"create_invoice"}}`

// billingModeKeys: a subscription's billing_mode. flexible (a newer API's
// {"proration_discounts"}) is kept as it came; updated_at is written only
// when set.
var billingModeKeys = stripejson.NewKeys("type", "flexible?", "updated_at?")

const (
	bmType = iota
	bmFlexible
	bmUpdatedAt
)

// MarshalJSON writes Stripe's subscription object (API 2025-08-27.basil
// when built in Go: each item carries its current period, latest_invoice is
// expanded when set, discounts are ids). A decoded subscription writes
// exactly the keys it was decoded with, and the unknown ones verbatim. The
// error is that of a nested value's MarshalJSON (latest_invoice, a price).
func (s Subscription) MarshalJSON() ([]byte, error) { return stripejson.Marshal(s.appendJSON) }

// UnmarshalJSON reads Stripe's subscription object of any API version,
// keeping every key it does not model. latest_invoice may be an id (the
// Invoice then holds only its ID and encodes as the id) or expanded;
// customer and schedule may be ids or expanded objects (kept as ids). It
// returns a *FieldError wrapping ErrInvalidJSON naming the field
// ("items.data[0].price.currency") for a value of the wrong JSON type, a
// time outside 1970 to 9999, an object other than "subscription", a key
// differing from a modelled one only in case, and malformed JSON. JSON null
// leaves s unchanged, and so does an error.
func (s *Subscription) UnmarshalJSON(b []byte) error {
	return decodeJSON(b, "subscription", s, (*Subscription).decode)
}

func (s *Subscription) decode(d *stripejson.Decoder) {
	d.Object(subscriptionKeys, &s.wire, func(i int) {
		switch i {
		case subID:
			s.ID = d.String()
		case subObject:
			d.Const("subscription")
		case subBillingCycleAnchor:
			s.BillingCycleAnchor = d.Unix()
		case subAnchorConfig:
			s.AnchorConfig = nil // of duplicate keys the last wins
			if !d.IsNull() {
				s.AnchorConfig = new(AnchorConfig)
				s.AnchorConfig.decode(d)
			}
		case subBillingMode:
			s.decodeBillingMode(d)
		case subCancelAt:
			s.CancelAt = d.Unix()
		case subCancelAtPeriodEnd:
			s.CancelAtPeriodEnd = d.Bool()
		case subCanceledAt:
			s.CanceledAt = d.Unix()
		case subCollectionMethod:
			s.CollectionMethod = invoice.CollectionMethod(d.String())
		case subCreated:
			s.Created = d.Unix()
		case subCurrency:
			s.Currency = pricing.Currency(d.String())
		case subCustomer:
			s.Customer = d.ID()
		case subDaysUntilDue:
			s.DaysUntilDue = d.IntPtr()
		case subDefaultTaxRates:
			s.DefaultTaxRates = stripejson.DecodeSlice(d, (*invoice.TaxRate).Decode)
		case subDescription:
			s.Description = d.String()
		case subDiscounts:
			s.Discounts = stripejson.DecodeSlice(d, (*invoice.Discount).Decode)
		case subEndedAt:
			s.EndedAt = d.Unix()
		case subItems:
			s.items = stripejson.List{}
			s.Items = stripejson.DecodeList(&s.items, d, (*Item).decode)
		case subLatestInvoice:
			s.LatestInvoice = nil
			if !d.IsNull() {
				s.LatestInvoice = new(invoice.Invoice)
				d.Value(s.LatestInvoice)
			}
		case subLivemode:
			s.Livemode = d.Bool()
		case subMetadata:
			s.Metadata = d.Metadata()
		case subSchedule:
			s.Schedule = d.ID()
		case subStartDate:
			s.StartDate = d.Unix()
		case subStatus:
			s.Status = Status(d.String())
		case subTrialEnd:
			s.TrialEnd = d.Unix()
		case subTrialStart:
			s.TrialStart = d.Unix()
		}
	})
}

// decodeBillingMode reads billing_mode; null leaves modeWire a Go-built
// shape, so that modeWire.Decoded() says the subscription carried an object.
func (s *Subscription) decodeBillingMode(d *stripejson.Decoder) {
	// Of duplicate keys the last wins: nothing of an earlier one stays.
	s.BillingMode, s.flexible, s.BillingModeUpdatedAt, s.modeWire = "", "", time.Time{}, stripejson.Shape{}
	if d.IsNull() {
		return
	}
	d.Object(billingModeKeys, &s.modeWire, func(i int) {
		switch i {
		case bmType:
			s.BillingMode = BillingMode(d.String())
		case bmFlexible:
			s.flexible = string(d.Raw())
		case bmUpdatedAt:
			s.BillingModeUpdatedAt = d.Unix()
		}
	})
}

func (s *Subscription) appendBillingMode(b []byte) []byte {
	e := stripejson.NewEncoder(b, billingModeKeys, &s.modeWire)
	mode := s.BillingMode
	if mode == "" && !s.modeWire.Decoded() {
		mode = Classic
	}
	e.String(bmType, string(mode))
	if e.Field(bmFlexible, s.flexible != "") {
		if s.flexible == "" {
			e.Null()
		} else {
			e.B = append(e.B, s.flexible...)
		}
	}
	e.Unix(bmUpdatedAt, s.BillingModeUpdatedAt)
	return e.Close()
}

func (s *Subscription) appendJSON(b []byte, err *error) []byte {
	e := stripejson.NewEncoder(b, subscriptionKeys, &s.wire)
	e.String(subID, s.ID)
	e.Const(subObject, "subscription")
	e.UnixRequired(subBillingCycleAnchor, s.BillingCycleAnchor)
	stripejson.Nullable(&e, subAnchorConfig, s.AnchorConfig != nil, s.AnchorConfig, (*AnchorConfig).appendJSON, err)
	hasMode := !s.wire.Decoded() || s.modeWire.Decoded() || s.BillingMode != "" ||
		!s.BillingModeUpdatedAt.IsZero() || s.flexible != ""
	e.Object(subBillingMode, hasMode, s.appendBillingMode)
	e.Unix(subCancelAt, s.CancelAt)
	e.Bool(subCancelAtPeriodEnd, s.CancelAtPeriodEnd)
	e.Unix(subCanceledAt, s.CanceledAt)
	e.String(subCollectionMethod, string(s.CollectionMethod))
	e.UnixRequired(subCreated, s.Created)
	e.String(subCurrency, string(s.Currency))
	e.String(subCustomer, s.Customer)
	e.IntPtr(subDaysUntilDue, s.DaysUntilDue)
	stripejson.SliceOrNull(&e, subDefaultTaxRates, s.DefaultTaxRates, s.wire.Decoded(), (*invoice.TaxRate).AppendJSON, err)
	e.String(subDescription, s.Description)
	stripejson.SliceOrNull(&e, subDiscounts, s.Discounts, s.wire.Decoded(), totals.DiscountWriter(s.wire.Decoded()), err)
	e.Unix(subEndedAt, s.EndedAt)
	e.Object(subItems, s.Items != nil || !s.wire.Decoded(), func(b []byte) []byte {
		return stripejson.AppendList(&s.items, b, "/v1/subscription_items?subscription="+s.ID, s.Items, (*Item).appendJSON, err)
	})
	stripejson.Nullable(&e, subLatestInvoice, s.LatestInvoice != nil, s.LatestInvoice, appendInvoiceJSON, err)
	e.Bool(subLivemode, s.Livemode)
	e.MetadataOrEmpty(subMetadata, s.Metadata)
	e.String(subSchedule, s.Schedule)
	e.UnixRequired(subStartDate, s.StartDate)
	e.String(subStatus, string(s.Status))
	e.Unix(subTrialEnd, s.TrialEnd)
	e.Unix(subTrialStart, s.TrialStart)
	return stripejson.CloseBuilt(&e, &s.wire, subscriptionDefaults)
}

// ---- billing_cycle_anchor_config ----

var anchorConfigKeys = stripejson.NewKeys("day_of_month", "hour", "minute", "month", "second")

// MarshalJSON writes billing_cycle_anchor_config.
func (c AnchorConfig) MarshalJSON() ([]byte, error) { return stripejson.Marshal(c.appendJSON) }

// UnmarshalJSON reads billing_cycle_anchor_config, with the rules of
// Subscription.UnmarshalJSON.
func (c *AnchorConfig) UnmarshalJSON(b []byte) error {
	return decodeJSON(b, "", c, (*AnchorConfig).decode)
}

func (c *AnchorConfig) decode(d *stripejson.Decoder) {
	d.Object(anchorConfigKeys, &c.wire, func(i int) {
		v := d.IntPtr()
		switch i {
		case 0:
			c.DayOfMonth = v
		case 1:
			c.Hour = v
		case 2:
			c.Minute = v
		case 3:
			c.Month = v
		case 4:
			c.Second = v
		}
	})
}

func (c *AnchorConfig) appendJSON(b []byte, _ *error) []byte {
	e := stripejson.NewEncoder(b, anchorConfigKeys, &c.wire)
	e.IntPtr(0, c.DayOfMonth)
	e.IntPtr(1, c.Hour)
	e.IntPtr(2, c.Minute)
	e.IntPtr(3, c.Month)
	e.IntPtr(4, c.Second)
	return e.Close()
}

// ---- subscription item ----

var itemKeys = stripejson.NewKeys("id", "object", "created", "current_period_end", "current_period_start",
	"discounts", "metadata", "plan", "price", "quantity", "subscription", "tax_rates")

const (
	itID = iota
	itObject
	itCreated
	itCurrentPeriodEnd
	itCurrentPeriodStart
	itDiscounts
	itMetadata
	itPlan
	itPrice
	itQuantity
	itSubscription
	itTaxRates
)

const itemDefaults = `"billing_thresholds":null`

// nullPlan is the plan of a decoded item that carried "plan": null (kept
// as null). An item whose plan is nil derives it from its price: code that
// replaces a decoded item's price sets plan to nil.
var nullPlan = new(pricing.Plan)

// MarshalJSON writes Stripe's subscription_item object: its price in full,
// and its plan (built in Go: pricing.PriceToPlan of the price, null for a
// one-time price; decoded: the plan it carried).
func (it Item) MarshalJSON() ([]byte, error) { return stripejson.Marshal(it.appendJSON) }

// UnmarshalJSON reads Stripe's subscription_item object, with the rules of
// Subscription.UnmarshalJSON. tax_rates null leaves TaxRates nil (the
// subscription's default_tax_rates apply); [] makes it empty, not nil.
func (it *Item) UnmarshalJSON(b []byte) error {
	return decodeJSON(b, "subscription_item", it, (*Item).decode)
}

func (it *Item) decode(d *stripejson.Decoder) {
	d.Object(itemKeys, &it.wire, func(i int) {
		switch i {
		case itID:
			it.ID = d.String()
		case itObject:
			d.Const("subscription_item")
		case itCreated:
			it.Created = d.Unix()
		case itCurrentPeriodEnd:
			it.CurrentPeriodEnd = d.Unix()
		case itCurrentPeriodStart:
			it.CurrentPeriodStart = d.Unix()
		case itDiscounts:
			it.Discounts = stripejson.DecodeSlice(d, (*invoice.Discount).Decode)
		case itMetadata:
			it.Metadata = d.Metadata()
		case itPlan:
			if d.IsNull() {
				it.plan = nullPlan
				return
			}
			it.plan = new(pricing.Plan)
			d.Value(it.plan)
		case itPrice:
			decodeItemPrice(d, &it.Price)
		case itQuantity:
			it.Quantity = d.Int()
		case itSubscription:
			it.Subscription = d.ID()
		case itTaxRates:
			it.TaxRates = stripejson.DecodeSlice(d, (*invoice.TaxRate).Decode)
		}
	})
}

// legacyPlan returns the plan the item writes: the one it carried, or the
// plan view of its price (nil for a one-time or empty price).
func (it *Item) legacyPlan() *pricing.Plan {
	switch {
	case it.plan == nullPlan:
		return nil
	case it.plan != nil:
		return it.plan
	case it.wire.Decoded() && !it.wire.Has(itPlan):
		return nil // an item without a plan gains none
	}
	p, err := pricing.PriceToPlan(it.Price)
	if err != nil {
		return nil
	}
	return &p
}

func (it *Item) appendJSON(b []byte, err *error) []byte {
	e := stripejson.NewEncoder(b, itemKeys, &it.wire)
	e.String(itID, it.ID)
	e.Const(itObject, "subscription_item")
	e.UnixRequired(itCreated, it.Created)
	e.UnixRequired(itCurrentPeriodEnd, it.CurrentPeriodEnd)
	e.UnixRequired(itCurrentPeriodStart, it.CurrentPeriodStart)
	stripejson.SliceOrNull(&e, itDiscounts, it.Discounts, it.wire.Decoded(), totals.DiscountWriter(it.wire.Decoded()), err)
	e.MetadataOrEmpty(itMetadata, it.Metadata)
	plan := it.legacyPlan()
	stripejson.Nullable(&e, itPlan, plan != nil, plan, appendItemPlan, err)
	stripejson.Nullable(&e, itPrice, totals.HasPrice(&it.Price), &it.Price, totals.AppendPrice, err)
	e.Int(itQuantity, it.Quantity)
	e.String(itSubscription, it.Subscription)
	stripejson.SliceOrNull(&e, itTaxRates, it.TaxRates, true, (*invoice.TaxRate).AppendJSON, err)
	return stripejson.CloseBuilt(&e, &it.wire, itemDefaults)
}

// ---- subscription schedule ----

var scheduleKeys = stripejson.NewKeys("id", "object", "billing_mode", "created", "customer", "default_settings",
	"end_behavior", "livemode", "metadata", "phases", "status", "subscription")

const (
	schID = iota
	schObject
	schBillingMode
	schCreated
	schCustomer
	schDefaultSettings
	schEndBehavior
	schLivemode
	schMetadata
	schPhases
	schStatus
	schSubscription
)

const scheduleDefaults = `"application":null,"canceled_at":null,"completed_at":null,"current_phase":null,` +
	`"released_at":null,"released_subscription":null,"test_clock":null`

// scheduleModeKeys: a schedule's billing_mode (updated_at and a newer API's
// flexible are kept as unknown members).
var scheduleModeKeys = stripejson.NewKeys("type")

var settingsKeys = stripejson.NewKeys("collection_method", "description", "invoice_settings")

const settingsDefaults = `"application_fee_percent":null,` +
	`"automatic_tax":{"disabled_reason":null,"enabled":false,"liability":null},` +
	`"billing_cycle_anchor":"automatic","billing_thresholds":null,"default_payment_method":null,` +
	`"on_behalf_of":null,"transfer_data":null`

var invoiceSettingsKeys = stripejson.NewKeys("days_until_due")

// MarshalJSON writes Stripe's subscription_schedule object (API
// 2025-08-27.basil when built in Go), with the rules of
// Subscription.MarshalJSON. Phase items name their price by id.
func (s Schedule) MarshalJSON() ([]byte, error) { return stripejson.Marshal(s.appendJSON) }

// UnmarshalJSON reads Stripe's subscription_schedule object, with the rules
// of Subscription.UnmarshalJSON. A phase item's price is an id (Price.ID
// only) or an expanded price; its plan is kept as it came.
func (s *Schedule) UnmarshalJSON(b []byte) error {
	return decodeJSON(b, "subscription_schedule", s, (*Schedule).decode)
}

func (s *Schedule) decode(d *stripejson.Decoder) {
	d.Object(scheduleKeys, &s.wire, func(i int) {
		switch i {
		case schID:
			s.ID = d.String()
		case schObject:
			d.Const("subscription_schedule")
		case schBillingMode:
			s.BillingMode, s.modeWire = "", stripejson.Shape{}
			if !d.IsNull() {
				d.Object(scheduleModeKeys, &s.modeWire, func(int) { s.BillingMode = BillingMode(d.String()) })
			}
		case schCreated:
			s.Created = d.Unix()
		case schCustomer:
			s.Customer = d.ID()
		case schDefaultSettings:
			// null leaves the shapes Go-built: Decoded() says "an object".
			s.settings, s.settingsInv = stripejson.Shape{}, stripejson.Shape{}
			s.CollectionMethod, s.Description, s.DaysUntilDue = "", "", nil
			if d.IsNull() {
				return
			}
			d.Object(settingsKeys, &s.settings, func(j int) {
				switch j {
				case 0:
					s.CollectionMethod = invoice.CollectionMethod(d.String())
				case 1:
					s.Description = d.String()
				case 2:
					if !d.IsNull() {
						d.Object(invoiceSettingsKeys, &s.settingsInv, func(int) { s.DaysUntilDue = d.IntPtr() })
					}
				}
			})
		case schEndBehavior:
			s.EndBehavior = d.String()
		case schLivemode:
			s.Livemode = d.Bool()
		case schMetadata:
			s.Metadata = d.Metadata()
		case schPhases:
			s.Phases = stripejson.DecodeSlice(d, (*Phase).decode)
		case schStatus:
			s.Status = d.String()
		case schSubscription:
			s.Subscription = d.ID()
		}
	})
}

// appendInvoiceSettings writes invoice_settings {days_until_due, ...};
// built in Go, with defaults for the members it does not model.
func appendInvoiceSettings(b []byte, sh *stripejson.Shape, days *int64, defaults string) []byte {
	e := stripejson.NewEncoder(b, invoiceSettingsKeys, sh)
	e.IntPtr(0, days)
	return stripejson.CloseBuilt(&e, sh, defaults)
}

func (s *Schedule) appendJSON(b []byte, err *error) []byte {
	e := stripejson.NewEncoder(b, scheduleKeys, &s.wire)
	e.String(schID, s.ID)
	e.Const(schObject, "subscription_schedule")
	hasMode := !s.wire.Decoded() || s.modeWire.Decoded() || s.BillingMode != ""
	e.Object(schBillingMode, hasMode, func(b []byte) []byte {
		me := stripejson.NewEncoder(b, scheduleModeKeys, &s.modeWire)
		mode := s.BillingMode
		if mode == "" && !s.modeWire.Decoded() {
			mode = Classic
		}
		me.String(0, string(mode))
		return me.Close()
	})
	e.UnixRequired(schCreated, s.Created)
	e.String(schCustomer, s.Customer)
	hasSettings := !s.wire.Decoded() || s.settings.Decoded() || s.CollectionMethod != "" || s.Description != "" ||
		s.DaysUntilDue != nil
	e.Object(schDefaultSettings, hasSettings, func(b []byte) []byte {
		se := stripejson.NewEncoder(b, settingsKeys, &s.settings)
		se.String(0, string(s.CollectionMethod))
		se.String(1, s.Description)
		hasInv := !s.settings.Decoded() || s.settingsInv.Decoded() || s.DaysUntilDue != nil
		se.Object(2, hasInv, func(b []byte) []byte {
			return appendInvoiceSettings(b, &s.settingsInv, s.DaysUntilDue, `"account_tax_ids":null,"issuer":{"type":"self"}`)
		})
		return stripejson.CloseBuilt(&se, &s.settings, settingsDefaults)
	})
	e.String(schEndBehavior, s.EndBehavior)
	e.Bool(schLivemode, s.Livemode)
	e.MetadataOrEmpty(schMetadata, s.Metadata)
	stripejson.SliceOrNull(&e, schPhases, s.Phases, s.wire.Decoded(), (*Phase).appendJSON, err)
	e.String(schStatus, s.Status)
	e.String(schSubscription, s.Subscription)
	return stripejson.CloseBuilt(&e, &s.wire, scheduleDefaults)
}

// ---- schedule phase ----

var phaseKeys = stripejson.NewKeys("add_invoice_items", "collection_method", "currency", "default_tax_rates",
	"description", "discounts", "end_date", "invoice_settings", "items", "metadata", "proration_behavior",
	"start_date", "trial_end")

const (
	phAddInvoiceItems = iota
	phCollectionMethod
	phCurrency
	phDefaultTaxRates
	phDescription
	phDiscounts
	phEndDate
	phInvoiceSettings
	phItems
	phMetadata
	phProrationBehavior
	phStartDate
	phTrialEnd
)

const phaseDefaults = `"application_fee_percent":null,` +
	`"automatic_tax":{"disabled_reason":null,"enabled":false,"liability":null},"billing_cycle_anchor":null,` +
	`"billing_thresholds":null,"default_payment_method":null,"on_behalf_of":null,"transfer_data":null`

// MarshalJSON writes a schedule phase, as Schedule.MarshalJSON does.
func (p Phase) MarshalJSON() ([]byte, error) { return stripejson.Marshal(p.appendJSON) }

// UnmarshalJSON reads a schedule phase, with the rules of
// Schedule.UnmarshalJSON.
func (p *Phase) UnmarshalJSON(b []byte) error { return decodeJSON(b, "", p, (*Phase).decode) }

func (p *Phase) decode(d *stripejson.Decoder) {
	d.Object(phaseKeys, &p.wire, func(i int) {
		switch i {
		case phAddInvoiceItems:
			p.AddInvoiceItems = stripejson.DecodeSlice(d, (*PhaseItem).decode)
		case phCollectionMethod:
			p.CollectionMethod = invoice.CollectionMethod(d.String())
		case phCurrency:
			p.Currency = pricing.Currency(d.String())
		case phDefaultTaxRates:
			p.DefaultTaxRates = stripejson.DecodeSlice(d, (*invoice.TaxRate).Decode)
		case phDescription:
			p.Description = d.String()
		case phDiscounts:
			p.Discounts = stripejson.DecodeSlice(d, (*invoice.Discount).DecodeRef)
		case phEndDate:
			p.EndDate = d.Unix()
		case phInvoiceSettings:
			// null leaves inv a Go-built shape: inv.Decoded() says it was an object.
			p.inv, p.DaysUntilDue = stripejson.Shape{}, nil
			if !d.IsNull() {
				d.Object(invoiceSettingsKeys, &p.inv, func(int) { p.DaysUntilDue = d.IntPtr() })
			}
		case phItems:
			p.Items = stripejson.DecodeSlice(d, (*PhaseItem).decode)
		case phMetadata:
			p.Metadata = d.Metadata()
		case phProrationBehavior:
			p.ProrationBehavior = ProrationBehavior(d.String())
		case phStartDate:
			p.StartDate = d.Unix()
		case phTrialEnd:
			p.TrialEnd = d.Unix()
		}
	})
}

func (p *Phase) appendJSON(b []byte, err *error) []byte {
	e := stripejson.NewEncoder(b, phaseKeys, &p.wire)
	stripejson.SliceOrNull(&e, phAddInvoiceItems, p.AddInvoiceItems, p.wire.Decoded(), (*PhaseItem).appendAdded, err)
	e.String(phCollectionMethod, string(p.CollectionMethod))
	e.String(phCurrency, string(p.Currency))
	stripejson.SliceOrNull(&e, phDefaultTaxRates, p.DefaultTaxRates, p.wire.Decoded(), (*invoice.TaxRate).AppendJSON, err)
	e.String(phDescription, p.Description)
	stripejson.SliceOrNull(&e, phDiscounts, p.Discounts, p.wire.Decoded(), (*invoice.Discount).AppendRef, err)
	e.UnixRequired(phEndDate, p.EndDate)
	e.Object(phInvoiceSettings, p.DaysUntilDue != nil || p.inv.Decoded(), func(b []byte) []byte {
		return appendInvoiceSettings(b, &p.inv, p.DaysUntilDue, `"account_tax_ids":null,"issuer":null`)
	})
	stripejson.SliceOrNull(&e, phItems, p.Items, p.wire.Decoded(), (*PhaseItem).appendJSON, err)
	e.MetadataOrEmpty(phMetadata, p.Metadata)
	pb := p.ProrationBehavior
	if pb == "" && !p.wire.Decoded() {
		pb = CreateProrations
	}
	e.String(phProrationBehavior, string(pb))
	e.UnixRequired(phStartDate, p.StartDate)
	e.Unix(phTrialEnd, p.TrialEnd)
	return stripejson.CloseBuilt(&e, &p.wire, phaseDefaults)
}

// ---- schedule phase item ----

var phaseItemKeys = stripejson.NewKeys("discounts", "price", "quantity", "tax_rates", "plan?")

const (
	piDiscounts = iota
	piPrice
	piQuantity
	piTaxRates
	piPlan
)

// refKeys read an expandable reference sent as an object.
var refKeys = stripejson.NewKeys("id", "object")

const (
	phaseItemDefaults = `"billing_thresholds":null,"metadata":{}`
	addedItemDefaults = `"metadata":{},"period":{"end":{"timestamp":null,"type":"min_item_period_end"},` +
		`"start":{"timestamp":null,"type":"max_item_period_start"}}`
)

// MarshalJSON writes an item of a schedule phase (phases[].items[]), as
// Schedule.MarshalJSON does.
func (it PhaseItem) MarshalJSON() ([]byte, error) { return stripejson.Marshal(it.appendJSON) }

// UnmarshalJSON reads an item or an add_invoice_item of a schedule phase,
// with the rules of Schedule.UnmarshalJSON.
func (it *PhaseItem) UnmarshalJSON(b []byte) error {
	return decodeJSON(b, "", it, (*PhaseItem).decode)
}

func (it *PhaseItem) decode(d *stripejson.Decoder) {
	d.Object(phaseItemKeys, &it.wire, func(i int) {
		switch i {
		case piDiscounts:
			it.Discounts = stripejson.DecodeSlice(d, (*invoice.Discount).DecodeRef)
		case piPrice:
			decodeItemPrice(d, &it.Price)
		case piQuantity:
			it.Quantity = d.Int()
		case piTaxRates:
			it.TaxRates = stripejson.DecodeSlice(d, (*invoice.TaxRate).Decode)
		case piPlan:
			it.plan = decodePlanRef(d)
		}
	})
}

// decodePlanRef reads a phase item's plan: an id, or an expanded plan,
// kept as it is. An object that does not say it is a plan is stripe-go's
// json.Marshal of an unexpanded reference: its id.
func decodePlanRef(d *stripejson.Decoder) string {
	if d.Kind() != "an object" {
		return string(stripejson.AppendNullString(nil, d.String()))
	}
	var id, object string
	var sh stripejson.Shape
	d.Object(refKeys, &sh, func(i int) {
		if i == 0 {
			id = d.String()
		} else {
			object = d.String()
		}
	})
	if object == "plan" {
		return string(d.Raw())
	}
	return string(stripejson.AppendNullString(nil, id))
}

// appendJSON writes an item of a phase (its price as the id, or as the
// object it was decoded from; built in Go, with the plan of that id,
// Stripe's legacy view of a recurring price).
func (it *PhaseItem) appendJSON(b []byte, err *error) []byte { return it.append(b, true, err) }

// appendAdded writes an add_invoice_item of a phase.
func (it *PhaseItem) appendAdded(b []byte, err *error) []byte { return it.append(b, false, err) }

func (it *PhaseItem) append(b []byte, item bool, err *error) []byte {
	e := stripejson.NewEncoder(b, phaseItemKeys, &it.wire)
	stripejson.SliceOrNull(&e, piDiscounts, it.Discounts, it.wire.Decoded(), (*invoice.Discount).AppendRef, err)
	if it.wire.Decoded() && priceIsObject(&it.Price) {
		stripejson.Nullable(&e, piPrice, true, &it.Price, totals.AppendPrice, err)
	} else {
		e.String(piPrice, it.Price.ID)
	}
	e.Int(piQuantity, it.Quantity)
	stripejson.SliceOrNull(&e, piTaxRates, it.TaxRates, true, (*invoice.TaxRate).AppendJSON, err)
	plan := it.plan
	if item && !it.wire.Decoded() {
		plan = string(stripejson.AppendNullString(nil, it.Price.ID))
	}
	if e.Field(piPlan, plan != "") {
		e.B = append(e.B, plan...)
	}
	if item {
		return stripejson.CloseBuilt(&e, &it.wire, phaseItemDefaults)
	}
	return stripejson.CloseBuilt(&e, &it.wire, addedItemDefaults)
}

// ---- change ----

// changeKeys: a Change's parameters. None is "current": a Change writes
// only the parameters it sets.
var changeKeys = stripejson.NewKeys("items?", "proration_behavior?", "proration_date?", "cancel_at?",
	"cancel_at_period_end?", "cancel_now?", "trial_end?", "discounts?", "default_tax_rates?")

const (
	chItems = iota
	chProrationBehavior
	chProrationDate
	chCancelAt
	chCancelAtPeriodEnd
	chCancelNow
	chTrialEnd
	chDiscounts
	chDefaultTaxRates
)

var itemChangeKeys = stripejson.NewKeys("id?", "price?", "quantity?", "deleted?", "tax_rates?", "discounts?")

const (
	icID = iota
	icPrice
	icQuantity
	icDeleted
	icTaxRates
	icDiscounts
)

// MarshalJSON writes the change's parameters: only those it sets (an item's
// price in full, discounts and tax rates as objects, or ids when
// unexpanded). UnmarshalJSON reads the output back to an equal Change.
func (c Change) MarshalJSON() ([]byte, error) { return stripejson.Marshal(c.appendJSON) }

// UnmarshalJSON reads the parameters of POST /v1/subscriptions/:id as JSON
// (see Change), plus cancel_now. It returns a *FieldError wrapping
// ErrInvalidJSON naming the field for a parameter it does not apply
// ("items[0].metadata": a parameter must not be dropped silently), a
// proration_behavior other than create_prorations, always_invoice and none,
// an item's price given as an id (nothing is fetched: give it whole), a
// value of the wrong JSON type (trial_end "now" included), a time outside
// 1970 to 9999, a key differing from a parameter only in case, and
// malformed JSON. JSON null leaves c unchanged, and so does an error.
func (c *Change) UnmarshalJSON(b []byte) error {
	return decodeJSON(b, "", c, (*Change).decode)
}

// refuseUnknown fails on the first member of the current object (whose
// Keys are k, decoded into sh) that k does not list.
func refuseUnknown(d *stripejson.Decoder, k *stripejson.Keys, sh *stripejson.Shape) {
	if d.Failed() || sh.Extra() == "" {
		return
	}
	d.Map(func(key string) {
		for i := range k.Len() {
			if k.Name(i) == key {
				return
			}
		}
		d.Fail("unknown parameter: a parameter this package does not apply is refused, not dropped")
	})
}

func (c *Change) decode(d *stripejson.Decoder) {
	var sh stripejson.Shape
	d.Object(changeKeys, &sh, func(i int) {
		switch i {
		case chItems:
			c.Items = stripejson.DecodeSlice(d, (*ItemChange).decode)
		case chProrationBehavior:
			switch pb := ProrationBehavior(d.String()); pb {
			case "", CreateProrations, AlwaysInvoice, None:
				c.ProrationBehavior = pb
			default:
				d.Fail("want create_prorations, always_invoice or none, got %s", stripejson.Short(string(pb)))
			}
		case chProrationDate:
			c.ProrationDate = d.Unix()
		case chCancelAt:
			c.CancelAt = d.Unix()
		case chCancelAtPeriodEnd:
			if d.IsNull() {
				c.CancelAtPeriodEnd = nil
				return
			}
			v := d.Bool()
			c.CancelAtPeriodEnd = &v
		case chCancelNow:
			c.CancelNow = d.Bool()
		case chTrialEnd:
			c.TrialEnd = d.Unix()
		case chDiscounts:
			c.Discounts = stripejson.DecodeSlice(d, (*invoice.Discount).Decode)
		case chDefaultTaxRates:
			c.DefaultTaxRates = stripejson.DecodeSlice(d, (*invoice.TaxRate).Decode)
		}
	})
	refuseUnknown(d, changeKeys, &sh)
}

func (ic *ItemChange) decode(d *stripejson.Decoder) {
	var sh stripejson.Shape
	d.Object(itemChangeKeys, &sh, func(i int) {
		switch i {
		case icID:
			ic.ID = d.String()
		case icPrice:
			switch {
			case d.IsNull():
				ic.Price = nil
			case d.Kind() != "an object":
				d.Fail("want the full price object (nothing is fetched), got %s", d.Kind())
			default:
				ic.Price = new(pricing.Price)
				d.Value(ic.Price)
			}
		case icQuantity:
			ic.Quantity = d.IntPtr()
		case icDeleted:
			ic.Deleted = d.Bool()
		case icTaxRates:
			ic.TaxRates = stripejson.DecodeSlice(d, (*invoice.TaxRate).Decode)
		case icDiscounts:
			ic.Discounts = stripejson.DecodeSlice(d, (*invoice.Discount).Decode)
		}
	})
	refuseUnknown(d, itemChangeKeys, &sh)
}

func (c *Change) appendJSON(b []byte, err *error) []byte {
	var sh stripejson.Shape
	e := stripejson.NewEncoder(b, changeKeys, &sh)
	stripejson.Slice(&e, chItems, c.Items, (*ItemChange).appendJSON, err)
	e.String(chProrationBehavior, string(c.ProrationBehavior))
	e.Unix(chProrationDate, c.ProrationDate)
	e.Unix(chCancelAt, c.CancelAt)
	if e.Field(chCancelAtPeriodEnd, c.CancelAtPeriodEnd != nil) {
		e.B = strconv.AppendBool(e.B, *c.CancelAtPeriodEnd)
	}
	e.Bool(chCancelNow, c.CancelNow)
	e.Unix(chTrialEnd, c.TrialEnd)
	stripejson.Slice(&e, chDiscounts, c.Discounts, (*invoice.Discount).AppendJSON, err)
	stripejson.Slice(&e, chDefaultTaxRates, c.DefaultTaxRates, (*invoice.TaxRate).AppendJSON, err)
	return e.Close()
}

func (ic *ItemChange) appendJSON(b []byte, err *error) []byte {
	var sh stripejson.Shape
	e := stripejson.NewEncoder(b, itemChangeKeys, &sh)
	e.String(icID, ic.ID)
	stripejson.Nullable(&e, icPrice, ic.Price != nil, ic.Price, func(p *pricing.Price, b []byte, err *error) []byte {
		return stripejson.AppendMarshaler(b, p, err)
	}, err)
	e.IntPtr(icQuantity, ic.Quantity)
	e.Bool(icDeleted, ic.Deleted)
	stripejson.Slice(&e, icTaxRates, ic.TaxRates, (*invoice.TaxRate).AppendJSON, err)
	stripejson.Slice(&e, icDiscounts, ic.Discounts, (*invoice.Discount).AppendJSON, err)
	return e.Close()
}
