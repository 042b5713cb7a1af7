// The forgot-password email as a designer writes it: MJML with Handlebars expressions (compiled per call).
export const FORGOT_PASSWORD_MJML = `
<mjml lang="{{locale}}">
  <mj-head>
    <mj-title>{{subject}}</mj-title>
    <mj-preview>Use {{code}} to reset your {{brand.name}} password</mj-preview>
    <mj-attributes>
      <mj-all font-family="-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif" />
      <mj-text font-size="16px" line-height="24px" color="#1f2933" />
      <mj-button background-color="#2563eb" color="#ffffff" font-size="16px" border-radius="6px" />
    </mj-attributes>
    <mj-style inline="inline">
      .code { font-family: 'SFMono-Regular', Menlo, Consolas, monospace; letter-spacing: 6px; }
      .muted { color: #6b7280; }
      a { color: {{brand.primaryColor}}; }
    </mj-style>
  </mj-head>
  <mj-body background-color="#f3f4f6" width="600px">
    <mj-section padding="24px 0">
      <mj-column>
        <mj-image src="{{brand.logoUrl}}" alt="{{brand.name}}" width="140px" align="left" />
      </mj-column>
    </mj-section>
    <mj-section background-color="#ffffff" border-radius="8px" padding="32px 24px">
      <mj-column>
        <mj-text font-size="22px" font-weight="600">Reset your password</mj-text>
        <mj-text>Hi {{username}},</mj-text>
        <mj-text>
          We received a request to reset the password of your {{brand.name}} account ({{email}}).
          Enter this code to choose a new password. It expires in one hour.
        </mj-text>
        <mj-text align="center" font-size="32px" font-weight="700" css-class="code" padding="24px 0">{{code}}</mj-text>
        <mj-button href="{{links.resetPassword}}">Choose a new password</mj-button>
        <mj-divider border-width="1px" border-color="#e5e7eb" padding="24px 0" />
        <mj-text font-size="14px" css-class="muted">
          Didn't ask for this? You can ignore this email: your password stays the same. If you keep getting these
          emails, <a href="{{links.support}}">contact support</a>.
        </mj-text>
      </mj-column>
    </mj-section>
    <mj-section padding="16px 24px">
      <mj-column>
        <mj-social font-size="12px" icon-size="20px" mode="horizontal" align="center">
          <mj-social-element name="github" href="{{brand.social.github}}">GitHub</mj-social-element>
          <mj-social-element name="linkedin" href="{{brand.social.linkedin}}">LinkedIn</mj-social-element>
        </mj-social>
        <mj-text align="center" font-size="12px" css-class="muted">
          {{brand.name}} · {{brand.address}}<br />
          You receive this email because a password reset was requested for {{email}}.
        </mj-text>
      </mj-column>
    </mj-section>
  </mj-body>
</mjml>
`;

export const FORGOT_PASSWORD_SUBJECT = 'Your {{brand.name}} password reset code';
