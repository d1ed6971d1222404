import { BaseSequencer, type TestSpecification } from "vitest/node";

/** The log scan reads what every other suite left behind, so it runs last. */
export default class LogScanLast extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const last = (f: TestSpecification) => (f.moduleId.endsWith("log-scan.test.ts") ? 1 : 0);
    return [...sorted].sort((a, b) => last(a) - last(b));
  }
}
