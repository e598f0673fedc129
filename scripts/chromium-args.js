/** Debian's chromium flags for tests, screenshots and benchmarks: WebGL2 through SwiftShader, no background network. */
export const chromiumArgs = [
	'--no-sandbox',
	'--use-angle=swiftshader',
	'--enable-unsafe-swiftshader',
	'--ignore-gpu-blocklist',
	'--disable-background-networking',
	'--disable-component-update',
	'--no-first-run',
	'--disable-sync',
	'--disable-quic'
];
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
