export default function Pending() {
  return <h1>Being built</h1>;
}
