// One complete canonical per pack: the PDF tests and the render benchmark use them, and they show
// integrators what a full document looks like.
const d = (year: number, month: number, day: number) => ({ year, month, day });

const leaseBody = {
  landlords: [{ name: "Priya Patel", email: "priya@example.com" }],
  tenants: [{ name: "Sam Lee", email: "sam@example.com" }, { name: "Alex Lee" }],
  landlordContact: { address: { street: "1 Yonge St", city: "Toronto", province: "ON" }, email: "priya@example.com" },
  term: { commencement: d(2026, 8, 1), kind: "fixed", endDate: d(2027, 7, 31) },
  monthlyRent: { cents: 320_000 },
  rent: { dueDay: 1, parkingCents: 15_000, servicesCents: 5_000 },
  utilities: { electricity: "tenant", heat: "landlord", water: "landlord" },
  rentDeposit: { cents: 320_000 },
  keyDeposit: { cents: 10_000 },
  tenantInsuranceRequired: true,
  additionalTerms: ["No smoking in the unit or on the balcony", "Tenant may paint with the landlord's written consent"],
};

export const EXAMPLES: Record<string, Record<string, unknown>> = {
  "on/aps": {
    schemaVersion: 1,
    formKey: "on/aps",
    aps: {
      propertyType: "condo",
      buyers: [{ name: "Jane Smith", email: "jane@example.com" }],
      sellers: [{ name: "Bob Jones", email: "bob@example.com" }],
      property: {
        address: { street: "88 Harbour St", unit: "2502", city: "Toronto", province: "ON", postalCode: "M5J 0C3" },
        condo: { corporation: "TSCC 2345", unit: "2502", level: "25", parking: "P2-41", locker: "L3-12" },
      },
      price: { cents: 89_900_000 },
      deposit: { amount: { cents: 4_000_000 }, rule: "upon_acceptance" },
      irrevocable: { date: d(2026, 7, 10), time: "23:59" },
      conditions: [
        { key: "financing", description: "Buyer arranging a first mortgage satisfactory to the buyer", waiverDeadline: { date: d(2026, 7, 17), time: "18:00" } },
        { key: "status_certificate", description: "Buyer's lawyer reviewing the status certificate", waiverDeadline: { date: d(2026, 7, 15), time: "18:00" } },
      ],
      titleSearchDate: d(2026, 8, 20),
      completionDate: d(2026, 8, 28),
      chattels: ["Fridge", "Stove", "Dishwasher", "Washer and dryer"],
      fixturesExcluded: ["Dining room chandelier"],
      rentalItems: ["Hot water tank"],
      hst: "included",
    },
  },
  "on/residential-lease": {
    schemaVersion: 1,
    formKey: "on/residential-lease",
    lease: { ...leaseBody, property: { address: { street: "12 Elm St", city: "Guelph", province: "ON", postalCode: "N1H 2K4" } } },
  },
  "on/condo-lease": {
    schemaVersion: 1,
    formKey: "on/condo-lease",
    lease: {
      ...leaseBody,
      property: {
        address: { street: "88 Harbour St", unit: "2502", city: "Toronto", province: "ON", postalCode: "M5J 0C3" },
        condo: { corporation: "TSCC 2345", unit: "2502", parking: "P2-41", locker: "L3-12" },
      },
    },
  },
  "on/buyer-rep": {
    schemaVersion: 1,
    formKey: "on/buyer-rep",
    buyerRep: {
      brokerage: { name: "Northgate Realty Ltd.", address: { street: "10 Main St", city: "Guelph", province: "ON" }, registration: "4567890" },
      buyers: [{ name: "Jane Smith", email: "jane@example.com" }, { name: "Raj Smith" }],
      representative: { name: "Dana Wu", email: "dana@northgate.example" },
      geographicArea: "City of Guelph and Township of Puslinch",
      propertyTypes: ["detached", "semi-detached"],
      start: d(2026, 3, 1),
      expiry: d(2026, 8, 31),
      commission: { kind: "percent", percent: 2.5 },
      holdoverDays: 60,
    },
  },
};
