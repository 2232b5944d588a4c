/** "3, 5, 7-12": frame numbers as fixture notes cite them (two in a row stay a pair, three or more become a range). */
export function numberList(nos: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < nos.length; ) {
    let j = i;
    while (j + 1 < nos.length && nos[j + 1] === (nos[j] ?? 0) + 1) j++;
    parts.push(j > i + 1 ? `${nos[i]}-${nos[j]}` : j === i + 1 ? `${nos[i]}, ${nos[j]}` : `${nos[i]}`);
    i = j + 1;
  }
  return parts.join(', ');
}
