// The bundled OFL fonts the exports embed, loaded into the page too, so the live preview of
// an infographic measures and draws its text exactly as the PNG, SVG and PDF do.
import interBold from '@expo-google-fonts/inter/700Bold/Inter_700Bold.ttf?url';
import interRegular from '@expo-google-fonts/inter/400Regular/Inter_400Regular.ttf?url';
import merriweatherBold from '@expo-google-fonts/merriweather/700Bold/Merriweather_700Bold.ttf?url';
import merriweatherRegular from '@expo-google-fonts/merriweather/400Regular/Merriweather_400Regular.ttf?url';
import sourceSansBold from '@expo-google-fonts/source-sans-3/700Bold/SourceSans3_700Bold.ttf?url';
import sourceSansRegular from '@expo-google-fonts/source-sans-3/400Regular/SourceSans3_400Regular.ttf?url';

const FACES: ReadonlyArray<[family: string, url: string, weight: string]> = [
  ['Source Sans 3', sourceSansRegular, '400'],
  ['Source Sans 3', sourceSansBold, '700'],
  ['Inter', interRegular, '400'],
  ['Inter', interBold, '700'],
  ['Merriweather', merriweatherRegular, '400'],
  ['Merriweather', merriweatherBold, '700'],
];

let loading: Promise<void> | null = null;

/** Adds the faces to the document once; resolves when they are ready to draw. */
export function loadBundledFonts(): Promise<void> {
  loading ??= (async () => {
    try {
      await Promise.all(
        FACES.map(async ([family, url, weight]) => {
          const face = new FontFace(family, `url(${url})`, { weight, style: 'normal' });
          document.fonts.add(await face.load());
        }),
      );
    } catch (e) {
      // Drawn in the fallback font meanwhile; the caller reports it, and the next call tries again.
      loading = null;
      throw e;
    }
  })();
  return loading;
}
