import type { SkipReason } from './import-tally';

/** A product of an imported order, in the shape of Segment's e-commerce spec. */
export interface ImportedProduct {
  product_id?: string;
  sku?: string;
  name?: string;
  price?: number;
  quantity?: number;
}

/** One usable CSV row: a line item of an order or refund, with who and when. */
export interface OrderLine {
  /** 1-based line of the file. */
  line: number;
  orderId: string;
  userId: string;
  kind: 'order' | 'refund';
  /**
   * What tells this refund apart from the order's other refunds, when the order id alone does not:
   * generic refunds are `id-<refund_id>` or `at-<timestamp>`; null for orders and for UCI credit notes
   * (each has its own invoice number). Rows are one event when kind, order id and this key are equal.
   */
  refundKey: string | null;
  /** ISO-8601 UTC. */
  timestamp: string;
  currency: string | null;
  /** The order total as the file states it (generic format); null: the sum of the line items. */
  statedTotalMicros: number | null;
  product: ImportedProduct | null;
  /** |quantity| × price in micro-units; 0 when the row has no price. */
  lineTotalMicros: number;
  /** Where the order was placed, for the track message's context. */
  country: string | null;
  /** Identify traits this row carries (country, email, names). */
  traits: Record<string, string>;
  /** The row's code is not a product (postage, discount, fee); kept as a line item, counted in the report. */
  isNonProduct: boolean;
}

/** A file format the importer reads: how to recognise its header, read its rows and name its events. */
export interface OrderFileFormat {
  name: string;
  /** The header this format expects, for the error message when no format matches. */
  describeHeader: string;
  matchesHeader(header: string[]): boolean;
  createRowReader(header: string[]): OrderRowReader;
}

export interface OrderRowReader {
  /** Header columns this format does not use. */
  ignoredColumns: string[];
  readRow(fields: string[], line: number): OrderLine | SkipReason;
  /** Deterministic messageIds, so importing the same file twice changes nothing. */
  messageIdOfOrder(first: OrderLine): string;
  messageIdOfIdentify(first: OrderLine): string;
  /** Whether the customer gets an identify (formats without trait columns send none). */
  hasIdentify(first: OrderLine): boolean;
  /** The order total sent as `total` and `revenue`, from the summed line items in micro-units. */
  totalOfOrder(summedMicros: number, first: OrderLine): number;
  /** The products in the order the format sends them. */
  orderProducts(products: ImportedProduct[]): ImportedProduct[];
}
