// on/residential-lease: an Ontario residential lease (house, apartment, room). The body and its
// rules are lease.ts's.
import { leasePack } from "./lease";

export const residentialLeasePack = leasePack({ formKey: "on/residential-lease", title: "Residential Lease", condo: false });
