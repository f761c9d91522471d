// All drizzle tables, by area. drizzle-kit reads this file to generate migrations/.
export * from "./platform";
export * from "./identity";
export * from "./crm";
export * from "./events";
export * from "./documents";
export * from "./signatures";
export * from "./clickwrap";
export * from "./obligations";
export * from "./search";
