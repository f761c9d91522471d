// All drizzle tables, by area. drizzle-kit reads this file to generate migrations/.
export * from "./platform";
export * from "./identity";
