// What makes two sessions' photos comparable: the same distance, light,
// background and framing each time (docs/photos.md). Shown above the capture
// forms of a session's photo page.
export function CaptureGuide() {
  return (
    <section className="photo-guide" aria-labelledby="capture-guide-title">
      <h2 id="capture-guide-title">Before you take the photos</h2>
      <ul>
        <li>Distance: about 30–40 cm from the skin, the same each session (close-up: about 15 cm).</li>
        <li>Light: even light from the front, no flash, no window beside or behind the client.</li>
        <li>Skin: clean, no make-up, no cream or numbing left on it.</li>
        <li>Background: plain and the same each time; hair held off the face, no jewellery.</li>
        <li>Pose: face straight ahead, eyes open, expression relaxed; for 45° and profile, the client turns, not the camera.</li>
        <li>Views: front, left and right 45°, left and right profile, and a close-up of the area.</li>
      </ul>
    </section>
  );
}
