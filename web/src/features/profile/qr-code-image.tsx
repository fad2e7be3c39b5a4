import { useEffect, useState } from 'react';

export const QrCodeImage = ({ value, alt }: { value: string; alt: string }) => {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let cancelled = false;
    void import('qrcode').then(({ toDataURL }) =>
      toDataURL(value, { margin: 2, width: 208, errorCorrectionLevel: 'M' }).then((url) => {
        if (!cancelled) setSrc(url);
      }),
    );
    return () => {
      cancelled = true;
    };
  }, [value]);
  return src ? (
    <img className="qr-code" src={src} alt={alt} width={208} height={208} />
  ) : (
    <div className="qr-code" />
  );
};
