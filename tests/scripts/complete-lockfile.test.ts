import { describe, expect, it } from "vitest";
import { platformOf } from "@/scripts/complete-lockfile";

describe("platformOf", () => {
  it.each([
    ["@next/swc-darwin-arm64", { os: ["darwin"], cpu: ["arm64"] }],
    ["@next/swc-win32-x64-msvc", { os: ["win32"], cpu: ["x64"] }],
    ["@rollup/rollup-linux-x64-musl", { os: ["linux"], cpu: ["x64"], libc: ["musl"] }],
    ["@rollup/rollup-linux-arm-gnueabihf", { os: ["linux"], cpu: ["arm"], libc: ["glibc"] }],
    ["@rollup/rollup-linux-arm-musleabihf", { os: ["linux"], cpu: ["arm"], libc: ["musl"] }],
    ["@tailwindcss/oxide-wasm32-wasi", { cpu: ["wasm32"] }],
    ["@unrs/resolver-binding-openharmony-arm64", { os: ["openharmony"], cpu: ["arm64"] }],
  ])("reads %s", (name, expected) => {
    expect(platformOf(name)).toEqual(expected);
  });

  it("finds no platform in an ordinary package name", () => {
    expect(platformOf("@emnapi/runtime")).toEqual({});
  });
});
