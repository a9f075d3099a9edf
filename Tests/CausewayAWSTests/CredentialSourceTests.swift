import Testing
@testable import CausewayAWS

@Suite struct CredentialSourceTests {
    let file = """
    # comment
    [default]
    aws_access_key_id = AKIDDEFAULT
    aws_secret_access_key = defaultsecret

    [lab]
    aws_access_key_id=AKIDLAB
    aws_secret_access_key=labsecret
    aws_session_token = labtoken
    region = eu-west-1
    """

    @Test func environmentWins() throws {
        let resolved = try CredentialSource.resolve(environment: [
            "AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_SECRET_ACCESS_KEY": "envsecret", "AWS_SESSION_TOKEN": "envtoken",
            "AWS_REGION": "eu-central-1", "AWS_DEFAULT_REGION": "us-west-2",
        ], readFile: { _ in file })
        #expect(resolved.credentials.accessKeyID == "AKIDENV")
        #expect(resolved.credentials.sessionToken?.revealed == "envtoken")
        #expect(resolved.region == "eu-central-1")
        #expect(!"\(resolved)".contains("envsecret") && !"\(resolved)".contains("envtoken"))
    }

    @Test func profileFromSharedFile() throws {
        var readPath = ""
        let resolved = try CredentialSource.resolve(
            environment: ["AWS_PROFILE": "lab", "AWS_SHARED_CREDENTIALS_FILE": "/tmp/creds", "AWS_DEFAULT_REGION": "us-west-2"],
            readFile: { readPath = $0; return file })
        #expect(readPath == "/tmp/creds")
        #expect(resolved.credentials.accessKeyID == "AKIDLAB")
        #expect(resolved.credentials.secretAccessKey.revealed == "labsecret")
        #expect(resolved.region == "us-west-2")
        #expect(resolved.origin == "file /tmp/creds, profile lab")
    }

    @Test func defaultProfileAndHome() throws {
        var readPath = ""
        let resolved = try CredentialSource.resolve(environment: ["HOME": "/home/op"], readFile: { readPath = $0; return file })
        #expect(readPath == "/home/op/.aws/credentials")
        #expect(resolved.credentials.accessKeyID == "AKIDDEFAULT")
        #expect(resolved.region == nil)
    }

    @Test func clearErrors() {
        #expect(throws: CredentialsError.incompleteEnvironment(missing: "AWS_SECRET_ACCESS_KEY")) {
            try CredentialSource.resolve(environment: ["AWS_ACCESS_KEY_ID": "AKID"], readFile: { _ in nil })
        }
        #expect(throws: CredentialsError.profileNotFound(profile: "nope", file: "/h/.aws/credentials")) {
            try CredentialSource.resolve(environment: ["AWS_PROFILE": "nope", "HOME": "/h"], readFile: { _ in file })
        }
        #expect(throws: CredentialsError.noCredentials(searched: ["environment", "/h/.aws/credentials"])) {
            try CredentialSource.resolve(environment: ["HOME": "/h"], readFile: { _ in nil })
        }
    }
}
