package quote_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/billingkit/billingkit/pricing"
	"github.com/billingkit/billingkit/quote"
	"github.com/billingkit/billingkit/quote/quotetest"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// pointerAddress matches a pointer as fmt prints it: (*int64)(0xc000012345)
// under %#v, 0xc000012345 under %v.
var pointerAddress = regexp.MustCompile(`\(0x[0-9a-f]+\)|0xc0[0-9a-f]{8}`)

func TestGoString(t *testing.T) {
	unit, days := int64(1000), int64(14)
	monthly := pricing.Price{ID: "price_1", Currency: "usd", UnitAmount: &unit,
		Type: pricing.RecurringType, Recurring: &pricing.Recurring{Interval: pricing.Month, IntervalCount: 1}}
	created := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	for _, tt := range []struct {
		name string
		v    fmt.GoStringer
		want string
	}{
		{"line: the price through pricing.Price.GoString",
			quote.LineItem{ID: "li_1", Price: monthly, Quantity: 3, AmountSubtotal: 3000, AmountTotal: 3000,
				TaxRates: []quote.TaxRate{{ID: "txr_1", Percentage: decimal.Zero}}},
			`quote.LineItem{ID:"li_1", Price:pricing.Price{ID:"price_1", Currency:"usd", UnitAmount:1000, Recurring:{month x1}, Type:"recurring"}, ` +
				`Quantity:3, TaxRates:[{ID:"txr_1", Percentage:0}], AmountSubtotal:3000, AmountTotal:3000}`},
		{"quote: lines, discounts, totals and settings",
			quote.Quote{ID: "qt_1", Status: quote.StatusDraft, Customer: "cus_1", Currency: "usd",
				LineItems: []quote.LineItem{{ID: "li_1", Price: pricing.Price{ID: "price_2", UnitAmount: &unit}, Quantity: 2,
					DiscountAmounts: []quote.DiscountAmount{{Amount: 200, Discount: quote.Discount{ID: "di_1"}}}}},
				Discounts: []quote.Discount{{ID: "di_1", Coupon: quote.Coupon{ID: "co_1", PercentOff: decimal.NewNullDecimal(decimal.RequireFromString("12.5")),
					Duration: quote.DurationOnce, Valid: true}}},
				AmountTotal:      1800,
				TotalDetails:     quote.TotalDetails{AmountDiscount: 200},
				Computed:         quote.Computed{Recurring: &quote.RecurringTotals{Interval: pricing.Month, IntervalCount: 1, AmountTotal: 1800}},
				SubscriptionData: quote.SubscriptionData{TrialPeriodDays: &days},
				Created:          created,
				Metadata:         map[string]string{},
			},
			`quote.Quote{ID:"qt_1", Status:"draft", Customer:"cus_1", Currency:"usd", ` +
				`LineItems:[{ID:"li_1", Price:pricing.Price{ID:"price_2", UnitAmount:1000}, Quantity:2, DiscountAmounts:[{Amount:200, Discount:"di_1"}]}], ` +
				`Discounts:[{ID:"di_1", Coupon:{ID:"co_1", PercentOff:12.5, Duration:"once", Valid:true}}], ` +
				`AmountTotal:1800, TotalDetails:{AmountDiscount:200}, ` +
				`Computed:{Recurring:{Interval:"month", IntervalCount:1, AmountTotal:1800}}, ` +
				`SubscriptionData:{TrialPeriodDays:14}, Created:2025-01-02T03:04:05Z, Metadata:{}}`},
		{"zero quote", quote.Quote{}, `quote.Quote{}`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.v.GoString(); got != tt.want {
				t.Errorf("GoString\n got %s\nwant %s", got, tt.want)
			}
			if got := fmt.Sprintf("%#v", tt.v); got != tt.want {
				t.Errorf("%%#v\n got %s\nwant %s", got, tt.want)
			}
		})
	}
}

// A generated quote, computed and printed as rapid logs it, shows its
// totals, every line's quantity and total, and no pointer address.
func TestGoString_Generated(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		q, err := quotetest.Quote().Draw(t, "quote").Compute()
		if err != nil {
			t.Fatalf("compute: %v", err)
		}
		s := fmt.Sprintf("%#v", q)
		if pointerAddress.MatchString(s) {
			t.Fatalf("address in %s", s)
		}
		want := []string{fmt.Sprintf("Currency:%q", q.Currency)}
		if q.AmountTotal != 0 {
			want = append(want, fmt.Sprintf("AmountTotal:%d", q.AmountTotal))
		}
		for _, li := range q.LineItems {
			w := fmt.Sprintf("{ID:%q, Price:pricing.Price{ID:%q", li.ID, li.Price.ID)
			if li.Quantity != 0 {
				want = append(want, fmt.Sprintf("Quantity:%d", li.Quantity))
			}
			if li.AmountTotal != 0 {
				want = append(want, fmt.Sprintf("AmountTotal:%d", li.AmountTotal))
			}
			want = append(want, w)
		}
		for _, w := range want {
			if !strings.Contains(s, w) {
				t.Fatalf("%s lacks %s", s, w)
			}
		}
	})
}
