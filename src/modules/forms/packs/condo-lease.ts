// on/condo-lease: an Ontario residential lease of a condominium unit. The body is lease.ts's,
// with the condo corporation, unit, parking and locker under property.condo.
import { leasePack } from "./lease";

export const condoLeasePack = leasePack({ formKey: "on/condo-lease", title: "Residential Lease — Condominium Unit", condo: true });
