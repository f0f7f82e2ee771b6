/**
 * The problem last reported per subject (a file, the graph cache), so that each is reported once
 * per process: with the daemon, one plugin worker serves every project graph computation, and a
 * problem that stays would otherwise be printed on each. A new problem for the subject is
 * reported again, and so is any after forget() (the subject was fixed). Import-free: it is loaded
 * by the light plugin entry.
 */
export class ReportedProblems {
  private readonly last = new Map<string, string>();

  /** Whether `problem` is new for `subject` (then remembered): the caller reports it. */
  isNew(subject: string, problem: string): boolean {
    if (this.last.get(subject) === problem) return false;
    this.last.set(subject, problem);
    return true;
  }

  forget(subject: string): void {
    this.last.delete(subject);
  }
}
