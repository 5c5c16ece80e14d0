/**
 * A self-signed placeholder certificate and its key (EC P-256, CN placeholder.invalid), public
 * and worthless: the nginx export writes them where the scenario's certificates go, because a
 * scenario never holds PEMs or private keys, and nginx refuses to start without readable files.
 * Replace both files with the real certificate and key before serving traffic.
 */
export const PLACEHOLDER_CERTIFICATE = `-----BEGIN CERTIFICATE-----
MIIB9TCCAZugAwIBAgIUGYPvXb0pD7CDAoRUc4O4nQmxtsswCgYIKoZIzj0EAwIw
TzEcMBoGA1UEAwwTcGxhY2Vob2xkZXIuaW52YWxpZDEvMC0GA1UECgwmU0xCIFNp
bXVsYXRvciBwbGFjZWhvbGRlciAtIHJlcGxhY2UgbWUwIBcNMjYxMTI4MDcwMjQx
WhgPMjEyNjExMDQwNzAyNDFaME8xHDAaBgNVBAMME3BsYWNlaG9sZGVyLmludmFs
aWQxLzAtBgNVBAoMJlNMQiBTaW11bGF0b3IgcGxhY2Vob2xkZXIgLSByZXBsYWNl
IG1lMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEPJaChpM2VoKhWqxdnv22SMCu
xttc6ZiSufLfu+/XhfgL370mHeiFdFXmjT3nbOtY0O0CeQwW0atzyEByYIpRwaNT
MFEwHQYDVR0OBBYEFBuJN4o1u4NtozVdnSySouRCJF2GMB8GA1UdIwQYMBaAFBuJ
N4o1u4NtozVdnSySouRCJF2GMA8GA1UdEwEB/wQFMAMBAf8wCgYIKoZIzj0EAwID
SAAwRQIgBNLS4c6GgY+hmEt4swb6HmQv1GH2CSmUvFxlIXIgIeUCIQCOpMwgBzhq
ro6VDv042i3Fn3QB00Y8nshTK4mbdu7MyA==
-----END CERTIFICATE-----
`;
export const PLACEHOLDER_KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgt0H18QwgcpGSQoJ8
+6395IQWc6k8Xc/lU43I32JcrJWhRANCAAQ8loKGkzZWgqFarF2e/bZIwK7G21zp
mJK58t+779eF+AvfvSYd6IV0VeaNPeds61jQ7QJ5DBbRq3PIQHJgilHB
-----END PRIVATE KEY-----
`;
