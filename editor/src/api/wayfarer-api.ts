/**
 * The management API as the editor calls it: one method per endpoint, the admin key as a Bearer
 * token, bodies and answers typed by the schemas. A refused request throws an ApiError carrying the
 * server's Problem, whose JSON pointers the views map onto what they show.
 */
import type {
  Customer,
  CustomerEventPage,
  CustomerJourneyHistory,
  FactCatalogue,
  Journey,
  JourneyAnalytics,
  JourneyList,
  JourneySimulation,
  JourneySimulationRequest,
  JourneyValidation,
  JourneyVersion,
  JourneyVersionList,
  MessagePage,
  Segment,
  SegmentInput,
  SegmentList,
  SegmentPreview,
  SegmentPreviewRequest,
  SegmentSizes,
  SegmentVersionList,
  Template,
  TemplateInput,
  TemplateList,
  TemplateUsage,
} from '../../../schemas/types';
import { ApiError, readProblem } from './api-error';

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

const segment = (text: string | number): string => encodeURIComponent(String(text));

/**
 * A stored journey version. The schema types `journey` as any object (the server skips re-checking
 * its own documents on the way out); it is a journey document, valid when it was saved.
 */
export type JourneyVersionDocument = Omit<JourneyVersion, 'journey'> & { journey: Journey };

export class WayfarerApi {
  constructor(
    private readonly adminKey: string,
    /** Called once a request is refused for the key (401/403), so the app can sign out. */
    private readonly onUnauthorized: () => void = () => {},
  ) {}

  private async request<T>(method: Method, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.adminKey}`, accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal });
    } catch (error) {
      if (error instanceof Error && error.name === 'AbortError') throw error;
      throw new ApiError(0, null, 'The server did not answer. Is it running?');
    }
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text === '' ? null : JSON.parse(text);
    } catch {
      parsed = null;
    }
    if (!response.ok) {
      const problem = readProblem(parsed);
      if (response.status === 401) this.onUnauthorized();
      throw new ApiError(response.status, problem, problem?.message ?? `${method} ${path} answered ${response.status}.`);
    }
    return parsed as T;
  }

  // Workspace facts and segments.
  readFacts(): Promise<FactCatalogue> {
    return this.request('GET', '/api/facts');
  }

  listSegments(): Promise<SegmentList> {
    return this.request('GET', '/api/segments');
  }

  readSegment(id: string): Promise<Segment> {
    return this.request('GET', `/api/segments/${segment(id)}`);
  }

  createSegment(input: SegmentInput): Promise<Segment> {
    return this.request('POST', '/api/segments', input);
  }

  updateSegment(id: string, input: SegmentInput): Promise<Segment> {
    return this.request('PUT', `/api/segments/${segment(id)}`, input);
  }

  /** Archives a segment: it stops being evaluated and its members leave (create the id again to revive it). */
  archiveSegment(id: string): Promise<Segment> {
    return this.request('DELETE', `/api/segments/${segment(id)}`);
  }

  previewSegment(request: SegmentPreviewRequest, signal?: AbortSignal): Promise<SegmentPreview> {
    return this.request('POST', '/api/segments/preview', request, signal);
  }

  readSegmentSizes(id: string): Promise<SegmentSizes> {
    return this.request('GET', `/api/segments/${segment(id)}/sizes`);
  }

  listSegmentVersions(id: string): Promise<SegmentVersionList> {
    return this.request('GET', `/api/segments/${segment(id)}/versions`);
  }

  // Journeys.
  listJourneys(): Promise<JourneyList> {
    return this.request('GET', '/api/journeys');
  }

  readJourney(id: string): Promise<JourneyVersionDocument> {
    return this.request('GET', `/api/journeys/${segment(id)}`);
  }

  listJourneyVersions(id: string): Promise<JourneyVersionList> {
    return this.request('GET', `/api/journeys/${segment(id)}/versions`);
  }

  createJourney(doc: Journey): Promise<JourneyVersionDocument> {
    return this.request('POST', '/api/journeys', doc);
  }

  saveJourneyDraft(doc: Journey): Promise<JourneyVersionDocument> {
    return this.request('PUT', `/api/journeys/${segment(doc.id)}/versions/${segment(doc.version)}`, doc);
  }

  validateJourney(id: string, journey: Journey): Promise<JourneyValidation> {
    return this.request('POST', `/api/journeys/${segment(id)}/validate`, { journey });
  }

  publishJourney(id: string, version: number): Promise<JourneyVersionDocument> {
    return this.request('POST', `/api/journeys/${segment(id)}/versions/${segment(version)}/publish`, {});
  }

  archiveJourney(id: string): Promise<JourneyVersionList> {
    return this.request('POST', `/api/journeys/${segment(id)}/archive`, {});
  }

  simulateJourney(id: string, request: JourneySimulationRequest): Promise<JourneySimulation> {
    return this.request('POST', `/api/journeys/${segment(id)}/simulate`, request);
  }

  readJourneyAnalytics(id: string): Promise<JourneyAnalytics> {
    return this.request('GET', `/api/journeys/${segment(id)}/analytics`);
  }

  // The template library.
  listTemplates(): Promise<TemplateList> {
    return this.request('GET', '/api/templates');
  }

  readTemplate(id: string): Promise<Template> {
    return this.request('GET', `/api/templates/${segment(id)}`);
  }

  /** The journey versions that use a template: drafts (a change reaches them) and frozen published copies. */
  readTemplateUsage(id: string): Promise<TemplateUsage> {
    return this.request('GET', `/api/templates/${segment(id)}/usage`);
  }

  /** Adds a template (version 1); 409 CONFLICT at `/id` when the id is taken. */
  createTemplate(input: TemplateInput): Promise<Template> {
    return this.request('POST', '/api/templates', input);
  }

  /** Saves the next version; with `input.version`, 409 CONFLICT at `/version` when someone else changed it meanwhile. */
  updateTemplate(id: string, input: TemplateInput): Promise<Template> {
    return this.request('PUT', `/api/templates/${segment(id)}`, input);
  }

  /** Removes a template; 409 CONFLICT while a draft journey version uses it (one detail per draft). */
  async deleteTemplate(id: string): Promise<void> {
    await this.request<null>('DELETE', `/api/templates/${segment(id)}`);
  }

  // Customers and their messages.
  readCustomer(userId: string): Promise<Customer> {
    return this.request('GET', `/api/customers/${segment(userId)}`);
  }

  listCustomerEvents(userId: string, limit = 20): Promise<CustomerEventPage> {
    return this.request('GET', `/api/customers/${segment(userId)}/events?limit=${limit}`);
  }

  readCustomerJourneyHistory(userId: string, journeyId: string): Promise<CustomerJourneyHistory> {
    return this.request('GET', `/api/customers/${segment(userId)}/journeys/${segment(journeyId)}`);
  }

  listCustomerMessages(userId: string, limit = 20): Promise<MessagePage> {
    return this.request('GET', `/api/messages?userId=${segment(userId)}&limit=${limit}`);
  }
}
